// Video players: HLS where the browser lacks it, and the YouTube click-to-load facade.
// Without this file a native <video> still plays MP4 (and HLS where supported), and the
// facade is a plain link to the video on YouTube.
(function () {
  "use strict";

  function loadScript(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    document.head.appendChild(script);
  }

  // HLS: Safari and recent Chromium play it natively; elsewhere attach the bundled hls.js.
  function attachHls(video) {
    var src = video.getAttribute("data-hls-src");
    if (!src || video.canPlayType("application/vnd.apple.mpegurl")) return;
    loadScript(video.getAttribute("data-hls-script"), function () {
      if (!window.Hls || !window.Hls.isSupported()) return;
      var hls = new window.Hls();
      hls.loadSource(src);
      hls.attachMedia(video);
    });
  }

  // YouTube: nothing is requested from YouTube until the reader presses play.
  function openYoutube(facade) {
    var iframe = document.createElement("iframe");
    iframe.src = facade.getAttribute("data-embed-url") + "?autoplay=1&rel=0";
    iframe.title = facade.getAttribute("data-title") || "YouTube video";
    iframe.allow = "accelerometer; autoplay; encrypted-media; gyroscope; picture-in-picture";
    iframe.allowFullscreen = true;
    iframe.className = "player__frame";
    facade.replaceWith(iframe);
    iframe.focus();
  }

  // Live: Pause/Play and Sound on/off buttons instead of native controls (no seek bar).
  function wireLive(video) {
    var player = video.closest(".player");
    var pause = player.querySelector("[data-live-pause]");
    var sound = player.querySelector("[data-live-sound]");
    if (pause) {
      pause.addEventListener("click", function () {
        if (video.paused) video.play(); else video.pause();
        pause.textContent = video.paused ? "Play" : "Pause";
        pause.setAttribute("aria-pressed", String(video.paused));
      });
    }
    if (sound) {
      sound.addEventListener("click", function () {
        video.muted = !video.muted;
        sound.textContent = video.muted ? "Sound on" : "Sound off";
        sound.setAttribute("aria-pressed", String(!video.muted));
      });
    }
  }

  document.querySelectorAll("video[data-hls-src]").forEach(attachHls);
  document.querySelectorAll("video[data-live]").forEach(wireLive);
  document.addEventListener("click", function (event) {
    var facade = event.target.closest("[data-youtube-facade]");
    if (!facade) return;
    event.preventDefault();
    openYoutube(facade);
  });
})();
