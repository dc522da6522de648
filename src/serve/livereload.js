// handbook serve: reload on change (keeping the scroll position), swap stylesheets on a
// CSS-only change, and show the build's errors over the page until they are fixed.
(function () {
  "use strict";
  var KEY = "handbook-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    var y = parseInt(saved, 10) || 0;
    var restore = function () { window.scrollTo(0, y); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  var overlay = null;
  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "handbook-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem";
      document.documentElement.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "The build failed: the page shows the last good version";
    title.style.cssText = "font:bold 18px system-ui,sans-serif;margin:0 0 1rem;color:#ff8a80";
    overlay.appendChild(title);
    errors.forEach(function (e) {
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1rem";
      pre.textContent = e.text;
      overlay.appendChild(pre);
    });
  }
  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      url.searchParams.set("handbook-reload", Date.now());
      link.href = url.toString();
    });
  }
  var delay = 250;
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__handbook/ws");
    ws.onopen = function () { delay = 250; };
    ws.onmessage = function (msg) {
      var data = JSON.parse(msg.data);
      if (data.type === "reload") {
        sessionStorage.setItem(KEY, String(window.scrollY));
        location.reload();
      } else if (data.type === "css") {
        swapStyles();
      } else if (data.type === "error") {
        showErrors(data.errors);
      } else if (data.type === "ok") {
        hideErrors();
      }
    };
    ws.onclose = function () {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 4000);
    };
  }
  connect();
})();
