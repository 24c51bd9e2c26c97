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
  var MENUS = "details.nav-toggle, details.main-nav__sub";
  function closeMenus(except) {
    document.querySelectorAll(MENUS).forEach(function (d) {
      if (d !== except && d.open) d.open = false;
    });
  }
  // Close the menu drawer and the sub-section drop-downs with Escape, back on their toggle.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.activeElement && document.activeElement.closest("details[open]");
    closeMenus(null);
    if (open && open.matches(MENUS)) open.querySelector("summary").focus();
  });
  // One drop-down at a time; a click elsewhere closes them.
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches(MENUS) && event.target.open) closeMenus(event.target);
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest(MENUS)) closeMenus(null);
  });
})();
