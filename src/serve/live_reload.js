// almanac serve: live reload over Server-Sent Events. Injected only in serve mode.
(function () {
  "use strict";
  var overlayId = "almanac-error-overlay";

  function normalise(path) {
    return path.replace(/index\.html$/, "");
  }

  function showError(text) {
    var overlay = document.getElementById(overlayId);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = overlayId;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.94);color:#f8f8f2;" +
        "padding:2rem;overflow:auto;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
      var title = document.createElement("p");
      title.style.cssText = "font-weight:bold;color:#ff6b6b;margin:0 0 1rem";
      title.textContent = "almanac: the site has errors — showing the last good version underneath";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = text;
  }

  function clearError() {
    var overlay = document.getElementById(overlayId);
    if (overlay) overlay.remove();
  }

  function swapStylesheets(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (paths.indexOf(url.pathname) !== -1) {
        url.searchParams.set("almanac-reload", String(Date.now()));
        links[i].href = url.toString();
      }
    }
  }

  var source = new EventSource("/__almanac/events");
  source.onmessage = function (message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    if (event.type === "error") {
      showError(event.text);
    } else if (event.type === "ok") {
      clearError();
    } else if (event.type === "css") {
      clearError();
      swapStylesheets(event.paths || []);
    } else if (event.type === "reload") {
      clearError();
      var here = normalise(location.pathname);
      if ((event.paths || []).some(function (p) { return normalise(p) === here; })) {
        location.reload();
      }
    }
  };
  window.__almanacLiveReload = source;
})();
