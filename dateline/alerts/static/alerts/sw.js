// Dateline's alerts service worker: shows a breaking-news alert and opens its story.
// Served from this site (/alerts/sw.js, scope /alerts/): it handles pushes only and never
// sees the site's pages or requests.
"use strict";

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try { data = event.data.json(); } catch (error) { data = { title: event.data.text() }; }
  }
  var options = {
    body: data.body || "",
    tag: data.tag || "dateline-alert",
    data: { url: data.url || "/" },
  };
  if (data.icon) options.icon = data.icon;
  event.waitUntil(self.registration.showNotification(data.title || "Breaking news", options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.openWindow(url));
});
