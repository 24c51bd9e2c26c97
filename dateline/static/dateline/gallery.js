// Full-screen photo viewer for galleries (components/blocks/gallery.html).
// Without this file each photo is a figure whose link opens the large picture.
// With it: a modal <dialog>; Left/Right arrows, Home/End and swipes move between photos,
// Escape or the Close button closes, and focus returns to the photo that opened it.
(function () {
  "use strict";
  if (window.datelineGallery) return; // one viewer per page, however many galleries
  window.datelineGallery = true;

  var dialog, image, caption, status, prevButton, nextButton, closeButton;
  var items = [], index = 0, opener = null;

  function button(label, className, text) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = className;
    el.setAttribute("aria-label", label);
    el.textContent = text;
    return el;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "gallery-viewer";
    dialog.setAttribute("aria-label", "Photo viewer");
    var frame = document.createElement("div");
    frame.className = "gallery-viewer__frame";
    var bar = document.createElement("div");
    bar.className = "gallery-viewer__bar";
    status = document.createElement("p");
    status.className = "gallery-viewer__status";
    status.setAttribute("aria-live", "polite");
    closeButton = button("Close the photo viewer", "gallery-viewer__close", "Close ✕");
    bar.append(status, closeButton);
    var stage = document.createElement("div");
    stage.className = "gallery-viewer__stage";
    image = document.createElement("img");
    prevButton = button("Previous photo", "gallery-viewer__nav gallery-viewer__nav--prev", "←");
    nextButton = button("Next photo", "gallery-viewer__nav gallery-viewer__nav--next", "→");
    stage.append(image, prevButton, nextButton);
    caption = document.createElement("p");
    caption.className = "gallery-viewer__caption";
    frame.append(bar, stage, caption);
    dialog.append(frame);
    document.body.append(dialog);

    closeButton.addEventListener("click", function () { dialog.close(); });
    prevButton.addEventListener("click", function () { show(index - 1); });
    nextButton.addEventListener("click", function () { show(index + 1); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { event.preventDefault(); show(index + 1); }
      else if (event.key === "ArrowLeft") { event.preventDefault(); show(index - 1); }
      else if (event.key === "Home") { event.preventDefault(); show(0); }
      else if (event.key === "End") { event.preventDefault(); show(items.length - 1); }
    });
    dialog.addEventListener("close", function () {
      if (opener) opener.focus();
    });
    // Swipe: a mostly horizontal drag of 40 px or more turns the page.
    var startX = null, startY = null;
    stage.addEventListener("pointerdown", function (event) { startX = event.clientX; startY = event.clientY; });
    stage.addEventListener("pointerup", function (event) {
      if (startX === null) return;
      var dx = event.clientX - startX, dy = event.clientY - startY;
      startX = null;
      if (Math.abs(dx) >= 40 && Math.abs(dx) > Math.abs(dy)) show(index + (dx < 0 ? 1 : -1));
    });
  }

  function show(next) {
    if (next < 0 || next >= items.length) return;
    index = next;
    var link = items[index];
    var figure = link.closest("figure");
    // The thumbnails' sizes first, so a phone does not fetch the 1600 px picture.
    var thumbnail = link.querySelector("img");
    image.sizes = "100vw";
    image.srcset = (thumbnail && thumbnail.srcset ? thumbnail.srcset + ", " : "") +
      link.href + " " + link.dataset.width + "w";
    image.src = link.href;
    image.alt = link.dataset.alt || "";
    image.width = link.dataset.width;
    image.height = link.dataset.height;
    var text = figure.querySelector("figcaption");
    caption.textContent = "";
    if (text) {
      var copy = text.cloneNode(true);
      var counter = copy.querySelector(".gallery__index");
      if (counter) counter.remove();
      caption.append.apply(caption, Array.prototype.slice.call(copy.childNodes));
    }
    status.textContent = "Photo " + (index + 1) + " of " + items.length;
    var focused = document.activeElement;
    prevButton.disabled = index === 0;
    nextButton.disabled = index === items.length - 1;
    // A button that just became disabled would drop focus to the page behind.
    if ((focused === prevButton || focused === nextButton) && focused.disabled) closeButton.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-gallery-item]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var gallery = link.closest("[data-gallery]");
    if (!gallery || typeof HTMLDialogElement !== "function") return; // the link still works
    event.preventDefault();
    if (!dialog) build();
    items = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-item]"));
    opener = link;
    dialog.showModal();
    show(items.indexOf(link));
    closeButton.focus();
  });
})();
