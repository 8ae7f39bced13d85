/* The search box in the header, before anyone searches.
 *
 * Every page loads only this: it opens and closes the search (Material's #__search
 * toggle, so the phone layout is Material's) and, the first time search is opened or
 * the box gets focus, loads engine.js, which fetches the index piece by piece. The
 * header's magnifier becomes a real button in a11y.js; its click toggles #__search.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var box = document.querySelector("[data-qms-search]");
  if (!box || !script) {
    return;
  }
  // The results panel, shown while search is open, which only this script can fill:
  // in the script (cached once), not in every page.
  box.querySelector(".md-search__inner").insertAdjacentHTML("beforeend",
    '<div class="md-search__output"><div class="md-search__scrollwrap">' +
    '<details class="qms-search__filters"><summary>Filtrera</summary>' +
    '<div class="qms-search__filter-fields" data-qms-search-filters></div>' +
    '<label class="qms-search__withdrawn"><input type="checkbox" data-qms-search-withdrawn> ' +
    "Visa även upphävda dokument</label></details>" +
    '<p id="qms-search-hint" class="qms-search__hint">Skriv ett eller flera ord, eller ett dokument-id' +
    "<span data-qms-search-example></span>. Tryck på en träff för att öppna den.</p>" +
    '<p class="qms-search__status" role="status" aria-live="polite" data-qms-search-status></p>' +
    '<div class="qms-search__notice" data-qms-search-notice></div>' +
    '<ul id="qms-search-results" class="qms-search__results" role="listbox" aria-label="Sökträffar"></ul>' +
    "</div></div>");
  // A combobox keeps the focus in its input (WAI-ARIA combobox pattern): pressing a
  // result must not move it. Moving it would scroll the result into view inside the
  // scrolling panel between press and release, and the release would then land beside
  // the result, so a tap on a phone opened nothing.
  box.querySelector("#qms-search-results").addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[role=option]")) {
      event.preventDefault();
    }
  });
  var base = new URL(".", script.src).href;
  var input = box.querySelector("input[role=combobox]");
  var toggle = document.getElementById("__search");
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var engine = document.createElement("script");
        engine.src = base + "engine.js";
        engine.async = true;
        engine.onload = function () {
          resolve(window.qmsSearchEngine);
        };
        engine.onerror = reject;
        document.head.appendChild(engine);
      }).then(function (engine) {
        engine.attach(box, base);
      });
    }
    return loading;
  }

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function editable(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  input.addEventListener("focus", function () {
    open();
    load();
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) {
        load();
        if (document.activeElement !== input) {
          input.focus();
        }
      } else if (document.activeElement === input) {
        input.blur();
      }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && !editable(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
      input.focus();
    }
  });
})();
