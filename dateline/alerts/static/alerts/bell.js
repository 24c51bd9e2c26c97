// The alerts bell: progressive enhancement of the header's <details data-alerts>, which stays
// hidden where the browser cannot receive Web Push. Every reader gets the same markup; what
// this browser chose lives in the browser (its push subscription) and on the server.
(function () {
  "use strict";
  var bell = document.querySelector("details[data-alerts]");
  if (!bell || !("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window) || !window.fetch) return;
  var base = bell.getAttribute("data-alerts").replace(/sw\.js$/, "");  // "/alerts/"
  var form = bell.querySelector("form");
  var topicsBox = bell.querySelector("[data-alerts-topics]");
  var off = bell.querySelector("[data-alerts-off]");
  var status = bell.querySelector("[data-alerts-status]");
  var options = null;
  bell.hidden = false;

  function say(text) { status.textContent = text; }
  function registration() {
    return navigator.serviceWorker.register(base + "sw.js", { scope: base });
  }
  function serverKey(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function post(path, data) {
    return fetch(base + path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw new Error(answer.error || String(response.status));
        return answer;
      });
    });
  }
  function showTopics(topics) {
    topicsBox.textContent = "";
    topics.forEach(function (topic) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "topic";
      box.value = topic.slug;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + topic.name));
      topicsBox.appendChild(label);
    });
    topicsBox.hidden = topics.length === 0;
  }
  function load() {
    if (options) return Promise.resolve(options);
    return fetch(base + "options/", { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) { options = answer; showTopics(answer.topics || []); return answer; });
  }
  function current() {
    return registration().then(function (reg) { return reg.pushManager.getSubscription(); });
  }
  function refresh() {
    return current().then(function (subscription) {
      off.hidden = !subscription;
      bell.classList.toggle("alerts-bell--on", !!subscription);
    });
  }

  bell.addEventListener("toggle", function () {
    if (bell.open) load().then(refresh).catch(function () { say("Alerts are unavailable."); });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = Array.prototype.map.call(
      form.querySelectorAll("input[name=topic]:checked"), function (box) { return box.value; });
    say("Asking your browser…");
    load().then(function (answer) {
      if (!answer.publicKey) throw new Error("alerts are not set up on this site");
      return Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") throw new Error("notifications are blocked for this site");
        return registration();
      }).then(function (reg) {
        return reg.pushManager.getSubscription().then(function (existing) {
          return existing || reg.pushManager.subscribe({
            userVisibleOnly: true, applicationServerKey: serverKey(answer.publicKey) });
        });
      });
    }).then(function (subscription) {
      return post("subscribe/", { subscription: subscription.toJSON(), topics: chosen });
    }).then(function (answer) {
      say(answer.topics.length ? "Alerts are on: breaking news and your topics." :
        "Alerts are on: breaking news.");
      return refresh();
    }).catch(function (error) { say("Alerts could not be turned on: " + error.message + "."); });
  });
  off.addEventListener("click", function () {
    current().then(function (subscription) {
      if (!subscription) return null;
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post("unsubscribe/", { endpoint: endpoint });
      });
    }).then(function () { say("Alerts are off."); return refresh(); })
      .catch(function (error) { say("Alerts could not be turned off: " + error.message + "."); });
  });
})();
