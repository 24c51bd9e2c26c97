// Live word count under every textarea with data-word-limit (the Short editor's body).
// Words are runs of non-space characters holding a letter or digit, as the server counts them (dateline/shorts/text.py).
(function () {
  "use strict";
  function attach(field) {
    if (field.dataset.wordCountReady) return;
    field.dataset.wordCountReady = "1";
    var limit = parseInt(field.dataset.wordLimit, 10);
    var counter = document.createElement("p");
    counter.className = "word-count";
    counter.id = field.id + "-word-count";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var text = field.value.trim();
      var words = text ? text.split(/\s+/).filter(function (token) {
        return /[\p{L}\p{N}]/u.test(token);
      }).length : 0;
      counter.textContent = words + " / " + limit + " words" +
        (words > limit ? " — " + (words - limit) + " over the limit" : "");
      counter.classList.toggle("word-count--over", words > limit);
    }
    field.addEventListener("input", update);
    update();
  }
  function scan() {
    document.querySelectorAll("textarea[data-word-limit]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
})();
