// Suggestions under a search box (topics, people, headlines) from /search/suggest/.
// Enhancement only: without this file the box is a plain form that submits to /search/.
(function () {
  "use strict";
  document.querySelectorAll("input[data-autocomplete]").forEach(function (input, index) {
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch(input.getAttribute("data-autocomplete") + "?q=" + encodeURIComponent(q), { credentials: "omit" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data) return;
            list.textContent = "";
            [].concat(data.topics, data.people, data.headlines).forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.name || item.title;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  });
})();
