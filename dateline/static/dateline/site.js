// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  // "Copy link" copies the canonical URL instead of navigating.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-copy-link]");
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      var original = link.textContent;
      link.textContent = "Link copied";
      link.setAttribute("aria-live", "polite");
      setTimeout(function () { link.textContent = original; }, 2000);
    });
  });
  // Close the menu drawer with Escape.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.nav-toggle[open]").forEach(function (d) { d.open = false; });
  });
})();
