/* The handbook's service worker (issue 25). The build writes `var QMS = {...}` above
 * this: the build id, the shell to keep, the storage budget in bytes, the address of the
 * contents list and of the offline page (qms_tools/publishing/offline.py).
 *
 * Caches, all named "qms-…":
 *   qms-<build>-skal   the site shell of this build (styles, scripts, search engine,
 *                      start page, icons). A new build installs its own and deletes
 *                      the others: a deploy never mixes old scripts with new pages.
 *   qms-sidor          pages a person opened, oldest first (evicted first when full)
 *   qms-sparade        the pages of the area or unit saved with "Spara min enhets rutiner"
 * A stored page carries the build it came from and when it was saved (headers
 * X-Qms-Bygge, X-Qms-Sparad); once online again, pages of an older build are fetched
 * anew (message "fornya") and pages the new build no longer has are deleted.
 *
 * Pages are fetched from the network first, revalidated past the HTTP cache, so a
 * person with a connection never sees an old page; the stored copy answers only
 * when the network does not. Everything stored counts against the budget.
 */
"use strict";

var SCOPE = self.registration.scope;
var SHELL = "qms-" + QMS.build + "-skal";
var VISITED = "qms-sidor";
var SAVED = "qms-sparade";
var STATE = "qms-tillstand";
var SAVED_AT = "X-Qms-Sparad";
var BUILD = "X-Qms-Bygge";
var SIZE = "X-Qms-Storlek";
var SHELL_URLS = QMS.shell.map(function (path) { return SCOPE + path; });
var queue = Promise.resolve();

/* Storage changes one after another: sizes are counted and the budget kept without races. */
function serial(work) {
  var result = queue.then(work);
  queue = result.catch(function () {});
  return result;
}

function key(url) {
  var address = new URL(url, SCOPE);
  address.hash = "";
  address.search = "";
  return address.href.replace(/index\.html$/, "");
}

function isPage(url) {
  var path = url.slice(SCOPE.length);
  return path === "" || /\/$/.test(path) || /\.html$/.test(path);
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return Promise.all(SHELL_URLS.map(function (url) {
      return fetch(url, { cache: "no-cache" }).then(function (response) {
        if (!response.ok) {
          throw new Error(url + ": " + response.status);
        }
        return stamped(response).then(function (copy) {
          return cache.put(key(url), copy);
        });
      });
    }));
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return /^qms-.*-skal$/.test(name) && name !== SHELL;
    }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () {
    return self.clients.claim();
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0 || /\/livereload\//.test(request.url)) {
    return;
  }
  var url = key(request.url);
  if (isPage(request.url) && new URL(request.url).search === "") {
    event.respondWith(page(event, url));
  } else if (SHELL_URLS.indexOf(url) >= 0) {
    event.respondWith(caches.open(SHELL).then(function (cache) {
      return cache.match(url);
    }).then(function (response) {
      return response || fetch(request);
    }));
  } else {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(url).then(function (response) {
        return response || Response.error();
      });
    }));
  }
});

function page(event, url) {
  return fetch(url, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
    if (response.ok && response.type === "basic" && !response.redirected) {
      event.waitUntil(keep(url, response.clone()));
    }
    return response;
  }, function () {
    return stored(url).then(function (response) {
      return response || notKept(url);
    });
  });
}

function stored(url) {
  return caches.open(SAVED).then(function (saved) {
    return saved.match(url);
  }).then(function (response) {
    return response || caches.open(VISITED).then(function (visited) { return visited.match(url); });
  }).then(function (response) {
    return response || caches.open(SHELL).then(function (shell) { return shell.match(url); });
  });
}

function notKept(url) {
  var home = SCOPE;
  var help = SCOPE + QMS.page;
  var body = '<!doctype html><html lang="sv"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><title>Sidan är inte sparad</title>' +
    '<style>body{font:1.1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:34rem;padding:0 1rem;color:#222}' +
    'a{color:#3f51b5}</style></head><body><h1>Du är offline</h1>' +
    "<p>Sidan är inte sparad på den här enheten, så den kan inte visas utan uppkoppling.</p>" +
    '<p><a href="' + home + '">Till startsidan</a> · <a href="' + help + '">Sparade rutiner</a></p></body></html>';
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

/* A copy with the build and the time it was saved, and its size, for the budget. */
function stamped(response) {
  return response.arrayBuffer().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(SAVED_AT, new Date().toISOString());
    headers.set(BUILD, QMS.build);
    headers.set(SIZE, String(body.byteLength));
    headers.delete("Content-Encoding");
    headers.delete("Content-Length");
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  });
}

function sizeOf(response) {
  return parseInt(response.headers.get(SIZE) || "0", 10);
}

function keep(url, response) {
  return stamped(response).then(function (copy) {
    return serial(function () {
      if (SHELL_URLS.indexOf(url) >= 0) {
        return caches.open(SHELL).then(function (shell) { return shell.put(url, copy); });
      }
      return caches.open(SAVED).then(function (saved) {
        return saved.match(url).then(function (old) {
          if (old) {
            return saved.put(url, copy);
          }
          return caches.open(VISITED).then(function (visited) {
            // Delete first: the cache lists entries in the order they were put, so a
            // page opened again becomes the newest and is evicted last.
            return visited.delete(url).then(function () {
              return visited.put(url, copy);
            });
          });
        });
      }).then(function () {
        return fitBudget(0);
      });
    });
  });
}

/* Every stored entry: [cache name, request, size]. */
function entries(names) {
  return Promise.all(names.map(function (name) {
    return caches.open(name).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          return cache.match(request).then(function (response) {
            return [name, request, response ? sizeOf(response) : 0, response];
          });
        }));
      });
    });
  })).then(function (lists) {
    return [].concat.apply([], lists);
  });
}

function usage() {
  return entries([SHELL, SAVED, VISITED]).then(function (all) {
    var total = 0;
    all.forEach(function (entry) { total += entry[2]; });
    return { total: total, all: all };
  });
}

function readState() {
  return caches.open(STATE).then(function (cache) {
    return cache.match(SCOPE + "tillstand.json");
  }).then(function (response) {
    return response ? response.json() : {};
  });
}

function writeState(state) {
  return caches.open(STATE).then(function (cache) {
    return cache.put(SCOPE + "tillstand.json", new Response(JSON.stringify(state),
      { headers: { "Content-Type": "application/json" } }));
  });
}

function contents() {
  return fetch(SCOPE + QMS.contents, { cache: "no-cache" }).then(function (response) {
    if (!response.ok) {
      throw new Error("innehåll: " + response.status);
    }
    return response.json();
  });
}

function fetchPage(url) {
  return fetch(url, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
    if (!response.ok) {
      var error = new Error(url + ": " + response.status);
      error.status = response.status;
      throw error;
    }
    return stamped(response);
  });
}

function report(client, message) {
  if (client) {
    client.postMessage(message);
  }
}

/* Keep one group's pages (replacing the group kept before) if they fit the budget. */
function save(groupKey, client) {
  return contents().then(function (listing) {
    var group = listing.groups.filter(function (candidate) { return candidate.key === groupKey; })[0];
    if (!group) {
      throw new Error("Gruppen " + groupKey + " finns inte längre i handboken.");
    }
    var urls = group.pages.map(function (position) { return SCOPE + listing.pages[position]; });
    return serial(function () {
      return usage().then(function (used) {
        var shellBytes = 0;
        used.all.forEach(function (entry) { if (entry[0] === SHELL) { shellBytes += entry[2]; } });
        if (shellBytes + group.bytes > QMS.budget) {
          var error = new Error("full");
          error.needed = shellBytes + group.bytes;
          throw error;
        }
        return caches.open(SAVED).then(function (saved) {
          return saved.keys().then(function (requests) {
            return Promise.all(requests.filter(function (request) {
              return urls.indexOf(request.url) < 0;
            }).map(function (request) { return saved.delete(request); }));
          }).then(function () {
            return caches.open(VISITED);
          }).then(function (visited) {
            // The group's pages move out of the opened pages: each is stored once.
            return Promise.all(urls.map(function (url) { return visited.delete(url); }));
          }).then(function () {
            return fitBudget(group.bytes);
          }).then(function () {
            var done = 0;
            var position = 0;
            function next() {
              if (position >= urls.length) {
                return Promise.resolve();
              }
              var url = urls[position++];
              return saved.match(url).then(function (old) {
                if (old && old.headers.get(BUILD) === QMS.build) {
                  return null;
                }
                return fetchPage(url).then(function (copy) { return saved.put(url, copy); });
              }).then(function () {
                done++;
                report(client, { type: "framsteg", done: done, total: urls.length });
                return next();
              });
            }
            return Promise.all([next(), next(), next(), next()]);
          });
        });
      });
    }).then(function () {
      return writeState({ group: group.key, title: group.title, kind: group.kind, pages: urls.length,
        savedAt: new Date().toISOString() });
    });
  });
}

/* Evict the oldest opened pages until everything fits, with room for `bytes` more. */
function fitBudget(bytes) {
  return usage().then(function (used) {
    var total = used.total + (bytes || 0);
    var visited = used.all.filter(function (entry) { return entry[0] === VISITED; });
    var evict = [];
    for (var i = 0; i < visited.length && total > QMS.budget; i++) {
      evict.push(visited[i][1]);
      total -= visited[i][2];
    }
    return caches.open(VISITED).then(function (cache) {
      return Promise.all(evict.map(function (request) { return cache.delete(request); }));
    });
  });
}

function forget() {
  return serial(function () {
    return caches.delete(SAVED).then(function () {
      return writeState({});
    });
  });
}

/* Once online after a deploy: fetch anew every stored page of an older build; delete
 * those the new build no longer publishes; renew the saved group from the new list. */
function refresh() {
  return serial(function () {
    return entries([SAVED, VISITED]).then(function (all) {
      var stale = all.filter(function (entry) {
        return entry[3] && entry[3].headers.get(BUILD) !== QMS.build;
      });
      return Promise.all(stale.map(function (entry) {
        return fetchPage(entry[1].url).then(function (copy) {
          return caches.open(entry[0]).then(function (cache) { return cache.put(entry[1], copy); });
        }, function (error) {
          if (error.status === 404 || error.status === 410) {
            return caches.open(entry[0]).then(function (cache) { return cache.delete(entry[1]); });
          }
          return null;  // offline again: the old copy stays, with its date
        });
      }));
    });
  }).then(function () {
    return serial(function () {
      return fitBudget(0);
    });
  }).then(readState).then(function (state) {
    // The saved area or unit as the new build has it: new documents, none removed ones.
    return state.group ? save(state.group, null).catch(function () {}) : null;
  });
}

function status() {
  return Promise.all([usage(), readState()]).then(function (results) {
    var used = results[0];
    var counts = {};
    used.all.forEach(function (entry) { counts[entry[0]] = (counts[entry[0]] || 0) + 1; });
    return { type: "status", build: QMS.build, budget: QMS.budget, used: used.total,
      visited: counts[VISITED] || 0, saved: counts[SAVED] || 0, state: results[1] };
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  var client = event.source;
  var work;
  if (message.type === "spara") {
    work = save(message.group, client).then(status, function (error) {
      return status().then(function (result) {
        result.error = error.message === "full" ? "full" : error.message;
        result.needed = error.needed || 0;
        return result;
      });
    });
  } else if (message.type === "glom") {
    work = forget().then(status);
  } else if (message.type === "behall") {
    // The page a person opened before the worker took control: keep it too.
    var url = key(message.url);
    work = fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok && response.type === "basic" ? keep(url, response) : null;
    }).then(status, status);
  } else if (message.type === "fornya") {
    work = refresh().then(status);
  } else if (message.type === "status") {
    work = status();
  } else {
    return;
  }
  event.waitUntil(work.then(function (result) {
    result.request = message.type;
    report(client, result);
  }));
});
