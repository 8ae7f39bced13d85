/* The handbook without a connection (issue 25): links the web app manifest, registers
 * the service worker (sw.js at the site root, so its scope is the whole site, also under
 * a project path /<repo>/), says on the page when it is offline and when it was saved,
 * and when a newer version of the handbook exists. Everything else (the save control, offline search) is in
 * offline/verktyg.js, fetched only when used: this file is on every page.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    return;
  }
  var root = new URL(".", script.src).href;
  // The manifest and the icon iOS puts on the home screen are linked from here, not from
  // each page's HTML: Chromium and Safari read them when a person installs, long after
  // this has run, and every routine page's template is within 100 bytes of its budget.
  [["manifest", "manifest.json"], ["apple-touch-icon", "ikon-180.png"]].forEach(function (link) {
    var element = document.createElement("link");
    element.rel = link[0];
    element.href = root + link[1];
    document.head.appendChild(element);
  });
  var worker = navigator.serviceWorker;
  if (!worker || !window.caches) {
    return;
  }
  var controlled = !!worker.controller;
  var checked = 0;
  var tools = null;

  function load() {
    if (!tools) {
      tools = new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = root + "offline/verktyg.js";
        element.onload = function () { resolve(window.qmsOffline); };
        element.onerror = reject;
        document.head.appendChild(element);
      });
    }
    return tools;
  }

  function notice(name, text, extra) {
    var old = document.querySelector("[data-qms-notice=" + name + "]");
    if (old) {
      old.remove();
    }
    var place = document.querySelector(".md-content__inner");
    if (!text || !place) {
      return;
    }
    var box = document.createElement("div");
    box.className = "admonition " + (name === "ny" ? "tip" : "warning");
    box.setAttribute("data-qms-notice", name);
    box.setAttribute("role", "status");
    box.innerHTML = '<p class="admonition-title"></p><p>' + extra + "</p>";
    box.firstChild.textContent = text;
    place.insertBefore(box, place.firstChild);
  }

  function pageKey() {
    return location.href.replace(/[?#].*$/, "").replace(/index\.html$/, "");
  }

  function offlineNotice() {
    if (navigator.onLine) {
      notice("offline");
      return;
    }
    caches.match(pageKey()).then(function (response) {
      var saved = response && response.headers.get("X-Qms-Sparad");
      var when = saved ? new Date(saved).toLocaleString("sv-SE", { day: "numeric", month: "long",
        year: "numeric", hour: "2-digit", minute: "2-digit" }) : null;
      notice("offline", "Du är offline – " + (when ? "sidan sparades " + when : "sidan är inte sparad på enheten"),
        "Granskningsläget räknas med enhetens klocka. <a href=\"" + root + "utan-uppkoppling/\">Sparade rutiner</a>");
    });
  }

  /* Is there a newer sw.js, i.e. a new deploy? At most once a minute, unless the phone
     has just come back into coverage. */
  function check(now) {
    if (navigator.onLine && (now || Date.now() - checked > 60000)) {
      checked = Date.now();
      worker.getRegistration(root).then(function (registration) {
        return registration && registration.update();
      }).catch(function () {});
    }
  }

  function post(message) {
    worker.ready.then(function (registration) {
      registration.active.postMessage(message);
    });
  }

  function page() {
    offlineNotice();
    check();
    if (document.querySelector("[data-qms-offline]")) {
      load().then(function (offline) { offline.control(root); });
    }
    var footer = document.querySelector(".md-copyright");
    if (footer && !footer.querySelector("[data-qms-offline-link]")) {
      footer.insertAdjacentHTML("beforeend", '<div><a data-qms-offline-link href="' + root +
        'utan-uppkoppling/">Använda handboken utan uppkoppling</a></div>');
    }
  }

  function register() {
    worker.register(root + "sw.js", { scope: root }).then(function () {
      if (!controlled) {
        post({ type: "behall", url: location.href });
      }
    }).catch(function () {});
  }

  // After the page has loaded: installing fetches the site shell, which must not compete
  // with the first page a person waits for.
  if (document.readyState === "complete") {
    register();
  } else {
    window.addEventListener("load", register);
  }
  worker.addEventListener("controllerchange", function () {
    if (controlled) {
      notice("ny", "Det finns en nyare version av handboken",
        '<a href="" onclick="location.reload();return false">Ladda om sidan</a> för att se den.');
      post({ type: "fornya" });
    }
    controlled = true;
  });
  window.addEventListener("online", function () {
    offlineNotice();
    check(true);
    post({ type: "fornya" });
  });
  window.addEventListener("offline", offlineNotice);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      check();
    }
  });

  /* Offline, the search box searches the pages kept on the phone (verktyg.js); the
     handbook's search engine needs index files that may not be kept. */
  function search(event) {
    var target = event.target;
    if (navigator.onLine || !target || target.id !== "qms-search-input" ||
        (event.type === "keydown" && (event.key !== "Enter" || target.getAttribute("aria-activedescendant")))) {
      return;
    }
    event.stopImmediatePropagation();
    if (event.type === "keydown") {
      event.preventDefault();
    }
    load().then(function (offline) { offline.search(target, root, event.type === "keydown"); });
  }
  document.addEventListener("input", search, true);
  document.addEventListener("keydown", search, true);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(page);
  } else {
    page();
  }
})();
