/* The handbook without a connection, the parts used seldom (issue 25): fetched by
 * offline.js only when the page "Använda handboken utan uppkoppling" is open or when a
 * person searches offline.
 *
 * control(root): "Spara min enhets rutiner": pick a verksamhetsområde or unit from the
 *   build's contents list (offline/innehall.json, each with its size), see the budget
 *   and what is used, save or remove. The service worker does the storing (sw.js).
 * search(input, root, enter): offline, the search box searches the text of the pages
 *   kept on the phone and says that the search is limited to them.
 */
(function () {
  "use strict";

  var KEPT = ["qms-sparade", "qms-sidor"];
  var texts = {};

  function megabytes(bytes) {
    var value = bytes / 1000000;
    return (value >= 10 ? value.toFixed(0) : value.toFixed(1)).replace(".", ",") + " MB";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /* Ask the service worker; resolves with its answer to this request. */
  function ask(message, progress) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        function listen(event) {
          var data = event.data || {};
          if (data.type === "framsteg" && progress) {
            progress(data);
          } else if (data.type === "status" && data.request === message.type) {
            navigator.serviceWorker.removeEventListener("message", listen);
            resolve(data);
          }
        }
        navigator.serviceWorker.addEventListener("message", listen);
        registration.active.postMessage(message);
      });
    });
  }

  function control(root) {
    var box = document.querySelector("[data-qms-offline]");
    if (!box || box.getAttribute("data-ready")) {
      return;
    }
    box.setAttribute("data-ready", "1");
    box.textContent = "";
    var state = element("p", "qms-offline__state");
    var space = element("p", "qms-offline__space");
    var label = element("label", "", "Verksamhetsområde eller enhet");
    var select = element("select");
    select.id = "qms-offline-group";
    // Option texts are long (title, kind, count, size): the list fits the phone's width.
    select.style.cssText = "display:block;width:100%;max-width:100%;font-size:inherit;padding:.3em";
    label.htmlFor = select.id;
    var save = element("button", "md-button md-button--primary", "Spara min enhets rutiner");
    save.type = "button";
    var remove = element("button", "md-button", "Ta bort sparade rutiner");
    remove.type = "button";
    var progress = element("p", "qms-offline__progress");
    progress.setAttribute("role", "status");
    progress.setAttribute("aria-live", "polite");
    var buttons = element("p");
    buttons.appendChild(save);
    buttons.appendChild(document.createTextNode(" "));
    buttons.appendChild(remove);
    [state, space, label, select, buttons, progress].forEach(function (node) { box.appendChild(node); });
    var groups = {};

    function show(status) {
      var saved = status.state && status.state.group;
      state.textContent = saved ? "Sparat på enheten: " + status.state.title + " (" +
        status.state.kind.toLowerCase() + ", " + status.state.pages + " dokument, " +
        new Date(status.state.savedAt).toLocaleDateString("sv-SE", { day: "numeric", month: "long",
          year: "numeric" }) + ")." : "Inga rutiner är sparade för ett område eller en enhet ännu.";
      space.textContent = "Utrymme: " + megabytes(status.used) + " av " + megabytes(status.budget) +
        " används (" + status.visited + " öppnade sidor, " + status.saved + " sparade dokument).";
      space.setAttribute("data-used", status.used);
      space.setAttribute("data-budget", status.budget);
      remove.disabled = !saved;
      if (saved && groups[saved]) {
        select.value = saved;
      }
    }

    fetch(root + "offline/innehall.json").then(function (response) {
      return response.json();
    }).then(function (listing) {
      listing.groups.forEach(function (group) {
        groups[group.key] = group;
        var option = element("option", "", group.title + " (" + group.kind.toLowerCase() + ", " +
          group.pages.length + " dokument, " + megabytes(group.bytes) + ")");
        option.value = group.key;
        option.disabled = listing.shell + group.bytes > listing.budget;
        select.appendChild(option);
      });
    }, function () {
      select.disabled = save.disabled = true;
      progress.textContent = "Utan uppkoppling går det inte att spara fler rutiner. Försök igen när du har täckning.";
    }).then(function () {
      return ask({ type: "status" });
    }).then(show);

    save.addEventListener("click", function () {
      var group = groups[select.value];
      if (!group) {
        return;
      }
      save.disabled = true;
      progress.textContent = "Sparar " + group.title + " …";
      if (navigator.storage && navigator.storage.persist) {
        navigator.storage.persist();  // asks the browser not to clear it when space runs low
      }
      ask({ type: "spara", group: group.key }, function (step) {
        progress.textContent = "Sparar " + group.title + ": " + step.done + " av " + step.total + " dokument.";
      }).then(function (status) {
        save.disabled = false;
        if (status.error === "full") {
          progress.textContent = group.title + " får inte plats: det behövs " + megabytes(status.needed) +
            " och handboken får använda " + megabytes(status.budget) + ". Välj en enhet i stället för ett helt område.";
        } else if (status.error) {
          progress.textContent = "Det gick inte att spara: " + status.error;
        } else {
          progress.textContent = "Klart: " + group.title + " är sparat och kan läsas utan uppkoppling.";
        }
        show(status);
      });
    });
    remove.addEventListener("click", function () {
      ask({ type: "glom" }).then(function (status) {
        progress.textContent = "De sparade rutinerna är borttagna. Sidor du har öppnat finns kvar.";
        show(status);
      });
    });
  }

  /* [{url, title, text, savedAt}] of every kept page, read once per page view. */
  function keptPages() {
    return Promise.all(KEPT.map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.map(function (request) {
            if (texts[request.url]) {
              return texts[request.url];
            }
            return cache.match(request).then(function (response) {
              var savedAt = response.headers.get("X-Qms-Sparad");
              return response.text().then(function (html) {
                var page = new DOMParser().parseFromString(html, "text/html");
                var heading = page.querySelector("article h1") || page.querySelector("h1");
                var article = page.querySelector("article") || page.body;
                var title = heading ? heading.textContent.replace(/¶/g, "").trim() : request.url;
                texts[request.url] = { url: request.url, title: title, savedAt: savedAt,
                  text: (title + " " + (article ? article.textContent : "")).toLowerCase() };
                return texts[request.url];
              });
            });
          }));
        });
      });
    })).then(function (lists) {
      var seen = {};
      return [].concat.apply([], lists).filter(function (page) {
        return !seen[page.url] && (seen[page.url] = true);
      });
    });
  }

  function search(input, root, enter) {
    var box = input.closest("[data-qms-search]");
    var list = box && box.querySelector("#qms-search-results");
    var status = box && box.querySelector("[data-qms-search-status]");
    if (!list || !status) {
      return;
    }
    var query = input.value.trim().toLowerCase();
    var words = query.split(/\s+/).filter(Boolean);
    keptPages().then(function (pages) {
      if (query !== input.value.trim().toLowerCase()) {
        return;  // typed on meanwhile
      }
      var hits = pages.filter(function (page) {
        return words.length && words.every(function (word) { return page.text.indexOf(word) >= 0; });
      }).sort(function (a, b) {
        var inTitle = function (page) {
          return words.filter(function (word) { return page.title.toLowerCase().indexOf(word) >= 0; }).length;
        };
        return inTitle(b) - inTitle(a) || a.title.localeCompare(b.title, "sv");
      });
      list.textContent = "";
      input.removeAttribute("aria-activedescendant");
      hits.slice(0, 20).forEach(function (page, position) {
        var item = element("li", "qms-search__result");
        item.setAttribute("role", "presentation");
        var link = element("a", "qms-search__link");
        link.href = page.url;
        link.tabIndex = -1;
        link.id = "qms-search-option-" + position;
        link.setAttribute("role", "option");
        link.setAttribute("aria-selected", "false");
        link.appendChild(element("span", "qms-search__title", page.title));
        if (page.savedAt) {
          link.appendChild(element("span", "qms-search__facts", "Sparad " +
            new Date(page.savedAt).toLocaleDateString("sv-SE", { day: "numeric", month: "long" })));
        }
        item.appendChild(link);
        list.appendChild(item);
      });
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
      var limited = "Du är offline: sökningen gäller bara " + (pages.length === 1 ? "den sida som är sparad" :
        "de " + pages.length + " sidor som är sparade") + " på enheten.";
      status.textContent = !words.length ? limited : (hits.length ? (hits.length === 1 ? "1 träff. " :
        hits.length + " träffar. ") : "Inga träffar för ”" + input.value.trim() + "”. ") + limited;
      if (enter && hits.length) {
        location.href = hits[0].url;
      }
    });
  }

  window.qmsOffline = { control: control, search: search };
})();
