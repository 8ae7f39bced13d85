/* The handbook's search engine and result list, loaded when search is first opened.
 *
 * The index is built by qms_tools/search/index.py (read its docstring for the files).
 * A query is split into words, each word stemmed with the Swedish Snowball stemmer
 * (the same algorithm as the build), synonym groups from the manifest are expanded, and
 * only the term shards those stems live in are fetched. Documents that match every word
 * come first, then by score. Each result line is one small file, fetched in parallel
 * and shown as soon as the lines before it are there.
 *
 * Keyboard: the input is an ARIA combobox over a listbox. Arrow keys move the active
 * option, Enter opens it (or an exact document id, or the first hit), Escape clears
 * and closes.
 */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VALUE = {};
  for (var a = 0; a < ALPHABET.length; a++) {
    VALUE[ALPHABET.charAt(a)] = a;
  }
  var WORD = /[0-9a-zåäöéüæø]+/g;
  var ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/i;
  var SHOWN = 10;
  var SYNONYM_FACTOR = 0.8;
  var PREFIX_FACTOR = 0.5;
  var DEBOUNCE = 180;
  /* Longer than the pause between two keys of someone typing, so that only the query
   * typed (not every prefix of it) fetches result lines; shards are fetched as each
   * word is typed, so the search itself is ready when the debounce ends. */

  /* ---- Swedish Snowball stemmer (snowballstem.org, swedish.sbl as of Snowball 3) ---- */

  var VOWELS = "aeiouyäåö";
  var S_ENDING = "bcdfghjklmnoprtvy";
  var OST_ENDING = "iklnprtuv";
  var MAIN_SUFFIXES = ["heterna", "hetens", "anden", "andes", "andet", "arens", "arnas", "ernas", "heten",
    "heter", "ornas", "arna", "erna", "orna", "ades", "aren", "arne", "aste", "ande", "erns", "ade", "are",
    "ern", "ens", "het", "ast", "ad", "en", "ar", "er", "or", "as", "es", "at", "et", "a", "e", "s"];
  var ET_EXCEPTIONS = ["fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit",
    "nit", "pit", "rit", "sit", "tit", "uit", "ivit", "kvit", "xit"];
  var PAIRS = ["dd", "gd", "nn", "dt", "gt", "kt", "tt"];

  function isVowel(character) {
    return character !== undefined && VOWELS.indexOf(character) >= 0;
  }

  function endsWith(word, end, suffix) {
    return end >= suffix.length && word.slice(end - suffix.length, end) === suffix;
  }

  function etCondition(word, at) {
    if (at - 2 <= 0 || isVowel(word.charAt(at - 1)) || !isVowel(word.charAt(at - 2))) {
      return false;
    }
    for (var i = 0; i < ET_EXCEPTIONS.length; i++) {
      if (endsWith(word, at, ET_EXCEPTIONS[i])) {
        return false;
      }
    }
    return true;
  }

  function stem(word) {
    var p1 = word.length;
    if (word.length >= 3) {
      var i = 0;
      while (i < word.length && !isVowel(word.charAt(i))) i++;
      if (i < word.length) {
        i++;
        while (i < word.length && isVowel(word.charAt(i))) i++;
        if (i < word.length) {
          p1 = Math.max(i + 1, 3);
        }
      }
    }
    var j, suffix;
    for (j = 0; j < MAIN_SUFFIXES.length; j++) {
      suffix = MAIN_SUFFIXES[j];
      if (word.length - suffix.length >= p1 && endsWith(word, word.length, suffix)) {
        var start = word.length - suffix.length;
        if (suffix === "s") {
          if (endsWith(word, start, "et") && etCondition(word, start - 2)) {
            word = word.slice(0, start - 2);
          } else if (start >= 1 && S_ENDING.indexOf(word.charAt(start - 1)) >= 0) {
            word = word.slice(0, start);
          }
        } else if (suffix === "et") {
          if (etCondition(word, start)) {
            word = word.slice(0, start);
          }
        } else {
          word = word.slice(0, start);
        }
        break;
      }
    }
    if (word.length - 2 >= p1) {
      for (j = 0; j < PAIRS.length; j++) {
        if (endsWith(word, word.length, PAIRS[j])) {
          word = word.slice(0, -1);
          break;
        }
      }
    }
    var others = ["fullt", "lig", "els", "öst", "ig"];
    for (j = 0; j < others.length; j++) {
      suffix = others[j];
      if (word.length - suffix.length >= p1 && endsWith(word, word.length, suffix)) {
        if (suffix === "fullt") {
          word = word.slice(0, -5) + "full";
        } else if (suffix === "öst") {
          if (OST_ENDING.indexOf(word.charAt(word.length - 4)) >= 0 && word.length >= 4) {
            word = word.slice(0, -3) + "ös";
          }
        } else {
          word = word.slice(0, -suffix.length);
        }
        break;
      }
    }
    return word;
  }

  /* ---- index files ---- */

  function decodeNumbers(text, position) {
    var value = 0;
    var shift = 0;
    for (;;) {
      var digit = VALUE[text.charAt(position++)];
      value += (digit & 31) * Math.pow(2, shift);
      shift += 5;
      if (!(digit & 32)) {
        return [value, position];
      }
    }
  }

  /* Delta-coded document numbers, each followed by `extra` one-character values. */
  function decode(text, extra, visit) {
    var position = 0;
    var document = 0;
    while (position < text.length) {
      var decoded = decodeNumbers(text, position);
      document += decoded[0];
      position = decoded[1];
      visit(document, position);
      position += extra;
    }
  }

  /* Postings: [document, score level, section]. */
  function decodePostings(text) {
    var postings = [];
    decode(text, 2, function (document, at) {
      postings.push([document, VALUE[text.charAt(at)], VALUE[text.charAt(at + 1)]]);
    });
    return postings;
  }

  function decodeDocuments(text) {
    var documents = {};
    decode(text, 0, function (document) {
      documents[document] = true;
    });
    return documents;
  }

  function idBucket(id, buckets) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) {
      hash ^= id.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % buckets;
  }

  function Index(base) {
    this.base = base;
    this.cache = {};
    this.manifest = this.fetch("index.json", "json");
  }

  Index.prototype.fetch = function (path, kind) {
    if (!this.cache[path]) {
      this.cache[path] = fetch(this.base + path).then(function (response) {
        if (!response.ok) {
          throw new Error(path + ": " + response.status);
        }
        return kind === "json" ? response.json() : response.text();
      });
    }
    return this.cache[path];
  };

  Index.prototype.shardNumber = function (manifest, term) {
    var starts = manifest.shards;
    var low = 0;
    var high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= term) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  };

  Index.prototype.shard = function (number) {
    var key = "t/" + number + ".txt";
    var parsed = "parsed:" + key;
    if (!this.cache[parsed]) {
      this.cache[parsed] = this.fetch(key, "text").then(function (text) {
        var terms = {};
        text.split("\n").forEach(function (line) {
          var parts = line.split("\t");
          terms[parts[0]] = { count: +parts[1], raw: parts[2], postings: null };
        });
        return terms;
      });
    }
    return this.cache[parsed];
  };

  /* The shards holding a term and every term it begins. */
  Index.prototype.shardsFor = function (manifest, term, prefix) {
    var first = this.shardNumber(manifest, term);
    var last = prefix ? this.shardNumber(manifest, term + "\uffff") : first;
    var loads = [];
    for (var number = first; number <= last; number++) {
      loads.push(this.shard(number));
    }
    return Promise.all(loads);
  };

  var RESULT_BLOCK = 2;

  Index.prototype.resultLine = function (document) {
    return this.fetch("d/" + Math.floor(document / RESULT_BLOCK) + ".json", "json").then(function (lines) {
      return lines[document % RESULT_BLOCK];
    });
  };

  Index.prototype.filterSet = function (key, position) {
    var path = "f/" + key + "-" + position + ".txt";
    var parsed = "parsed:" + path;
    if (!this.cache[parsed]) {
      this.cache[parsed] = this.fetch(path, "text").then(decodeDocuments);
    }
    return this.cache[parsed];
  };

  /* The address of a document id: a document of this build, or else an id that was
   * published before (renamed or deleted), whose permanent link d/<ID>/ still answers. */
  Index.prototype.lookupId = function (id, site) {
    var self = this;
    var upper = id.toUpperCase();
    return this.manifest.then(function (manifest) {
      return self.fetch("id/" + idBucket(upper, manifest.idBuckets) + ".json", "json").then(function (ids) {
        return ids[upper] || null;
      }, function () {
        return null;
      });
    }).then(function (url) {
      if (url) {
        return new URL(url, site).href;
      }
      var permanent = new URL("d/" + encodeURIComponent(upper) + "/", site).href;
      return fetch(permanent, { method: "HEAD" }).then(function (response) {
        return response.ok ? permanent : null;
      }, function () {
        return null;
      });
    });
  };

  /* ---- queries ---- */

  function words(text) {
    return (text.normalize ? text.normalize("NFC") : text).toLowerCase().match(WORD) || [];
  }

  /* Query words -> groups; each group is a list of alternatives, each alternative the
   * terms that must all be present (usually one), with the factor its score counts. */
  function analyse(query, manifest) {
    var stop = {};
    manifest.stop.forEach(function (word) {
      stop[word] = true;
    });
    var synonyms = manifest.synonyms;
    var longest = 1;
    Object.keys(synonyms.keys).forEach(function (key) {
      longest = Math.max(longest, key.split(" ").length);
    });
    var tokens = words(query);
    var stems = tokens.map(stem);
    var groups = [];
    var i = 0;
    while (i < tokens.length) {
      var matched = false;
      for (var length = Math.min(longest, tokens.length - i); length >= 1 && !matched; length--) {
        var key = stems.slice(i, i + length).join(" ");
        if (Object.prototype.hasOwnProperty.call(synonyms.keys, key)) {
          var own = stems.slice(i, i + length).filter(function (term, offset) {
            return !stop[tokens[i + offset]];
          });
          var alternatives = [{ terms: own, factor: 1, prefix: own.length === 1 }];
          synonyms.groups[synonyms.keys[key]].forEach(function (member) {
            if (member.join(" ") !== own.join(" ")) {
              alternatives.push({ terms: member, factor: SYNONYM_FACTOR, prefix: false });
            }
          });
          groups.push(alternatives);
          i += length;
          matched = true;
        }
      }
      if (matched) {
        continue;
      }
      var token = tokens[i];
      if (!stop[token] && (token.length > 1 || /\d/.test(token))) {
        groups.push([{ terms: [stems[i]], factor: 1, prefix: stems[i].length >= 3 }]);
      }
      i++;
    }
    return groups;
  }

  function idf(count, documents) {
    return Math.log(1 + (documents - count + 0.5) / (count + 0.5));
  }

  function postingsOf(entry) {
    if (!entry.postings) {
      entry.postings = decodePostings(entry.raw);
    }
    return entry.postings;
  }

  function Engine(index) {
    this.index = index;
  }

  Engine.prototype.load = function (manifest, groups) {
    var index = this.index;
    var loads = [];
    groups.forEach(function (alternatives) {
      alternatives.forEach(function (alternative) {
        alternative.terms.forEach(function (term) {
          loads.push(index.shardsFor(manifest, term, alternative.prefix));
        });
      });
    });
    return Promise.all(loads);
  };

  /* Fetch what a query being typed will need, without searching. */
  Engine.prototype.preload = function (query) {
    var self = this;
    return this.index.manifest.then(function (manifest) {
      return self.load(manifest, analyse(query, manifest));
    });
  };

  /* Scores of one alternative: document -> [score, section]. */
  Engine.prototype.scoreAlternative = function (manifest, alternative, shards) {
    var scores = null;
    alternative.terms.forEach(function (term) {
      var termScores = {};
      var sources = shards[term] || [];
      sources.forEach(function (terms) {
        Object.keys(terms).forEach(function (candidate) {
          var exact = candidate === term;
          if (!exact && !(alternative.prefix && candidate.lastIndexOf(term, 0) === 0)) {
            return;
          }
          var entry = terms[candidate];
          var weight = idf(entry.count, manifest.documents) * alternative.factor *
            (exact ? 1 : PREFIX_FACTOR * term.length / candidate.length);
          postingsOf(entry).forEach(function (posting) {
            var score = weight * posting[1];
            var known = termScores[posting[0]];
            if (!known || known[0] < score) {
              termScores[posting[0]] = [score, posting[2]];
            }
          });
        });
      });
      if (scores === null) {
        scores = termScores;
      } else {
        var both = {};
        Object.keys(scores).forEach(function (document) {
          if (termScores[document]) {
            var best = scores[document][0] >= termScores[document][0] ? scores[document] : termScores[document];
            both[document] = [scores[document][0] + termScores[document][0], best[1]];
          }
        });
        scores = both;
      }
    });
    return scores || {};
  };

  /* Ranked [document, section] pairs and the number of hits. */
  Engine.prototype.search = function (query, options) {
    var self = this;
    var index = this.index;
    return index.manifest.then(function (manifest) {
      var groups = analyse(query, manifest);
      if (!groups.length) {
        return { hits: [], total: 0 };
      }
      var filterLoads = (options.filters || []).map(function (filter) {
        return index.filterSet(filter[0], filter[1]);
      });
      var shardLoads = groups.map(function (alternatives) {
        return Promise.all(alternatives.map(function (alternative) {
          return Promise.all(alternative.terms.map(function (term) {
            return index.shardsFor(manifest, term, alternative.prefix);
          }));
        }));
      });
      return Promise.all([Promise.all(shardLoads), Promise.all(filterLoads)]).then(function (loaded) {
        var totals = {};
        groups.forEach(function (alternatives, groupNumber) {
          var best = {};
          alternatives.forEach(function (alternative, alternativeNumber) {
            var shards = {};
            alternative.terms.forEach(function (term, termNumber) {
              shards[term] = loaded[0][groupNumber][alternativeNumber][termNumber];
            });
            var scores = self.scoreAlternative(manifest, alternative, shards);
            Object.keys(scores).forEach(function (document) {
              if (!best[document] || best[document][0] < scores[document][0]) {
                best[document] = scores[document];
              }
            });
          });
          Object.keys(best).forEach(function (document) {
            var total = totals[document] || (totals[document] = { matched: 0, score: 0, section: 0, top: 0 });
            total.matched += 1;
            total.score += best[document][0];
            if (best[document][0] > total.top) {
              total.top = best[document][0];
              total.section = best[document][1];
            }
          });
        });
        var sets = loaded[1];
        var hits = Object.keys(totals).filter(function (document) {
          if (!options.withdrawn && +document >= manifest.live) {
            return false;
          }
          return sets.every(function (set) {
            return set[document];
          });
        }).map(function (document) {
          return [+document, totals[document]];
        });
        hits.sort(function (a, b) {
          return (b[1].matched - a[1].matched) || (b[1].score - a[1].score) || (a[0] - b[0]);
        });
        return { hits: hits.map(function (hit) { return [hit[0], hit[1].section]; }), total: hits.length };
      });
    });
  };

  /* ---- the result list ---- */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /* The anchor of a plain heading, as index.py's browser_slug. */
  function slug(text) {
    return text.normalize("NFC").trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, "").replace(/ /g, "-");
  }

  function Ui(box, base) {
    this.box = box;
    this.index = new Index(base);
    this.engine = new Engine(this.index);
    this.site = new URL("..", base).href;
    this.input = box.querySelector("input[role=combobox]");
    this.list = box.querySelector("[role=listbox]");
    this.status = box.querySelector("[data-qms-search-status]");
    this.filterFields = box.querySelector("[data-qms-search-filters]");
    this.withdrawn = box.querySelector("[data-qms-search-withdrawn]");
    this.toggle = document.getElementById("__search");
    this.sequence = 0;
    this.active = -1;
    this.timer = null;
    this.filters = {};
    this.pending = null;
  }

  Ui.prototype.attach = function () {
    var self = this;
    var typed = function () {
      self.engine.preload(self.input.value);
      clearTimeout(self.timer);
      self.timer = setTimeout(function () {
        self.run();
      }, DEBOUNCE);
    };
    this.input.addEventListener("input", typed);
    this.input.addEventListener("keydown", function (event) {
      self.key(event);
    });
    this.box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
    });
    this.box.querySelector("form").addEventListener("reset", function () {
      setTimeout(function () {
        self.run();
        self.input.focus();
      }, 0);
    });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest ? event.target.closest("[role=option]") : null;
      if (option) {
        self.close();
      }
    });
    this.withdrawn.addEventListener("change", function () {
      self.run();
    });
    this.index.manifest.then(function (manifest) {
      self.buildFilters(manifest);
    }, function () {
      self.status.textContent = "Sökningen kunde inte laddas. Försök igen senare.";
    });
    if (this.input.value) {
      typed();  // typed before the engine arrived
    }
  };

  Ui.prototype.buildFilters = function (manifest) {
    var self = this;
    manifest.filters.forEach(function (filter) {
      var label = element("label", "qms-search__filter");
      label.appendChild(element("span", "", filter.label));
      var select = element("select");
      select.setAttribute("data-filter", filter.key);
      select.appendChild(element("option", "", "Alla"));
      select.options[0].value = "";
      filter.values.forEach(function (value, position) {
        var option = element("option", "", value[0] + " (" + value[1] + ")");
        option.value = String(position);
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        if (select.value === "") {
          delete self.filters[filter.key];
        } else {
          self.filters[filter.key] = +select.value;
        }
        self.run();
      });
      label.appendChild(select);
      self.filterFields.appendChild(label);
    });
  };

  Ui.prototype.options = function () {
    var filters = [];
    var self = this;
    Object.keys(this.filters).forEach(function (key) {
      filters.push([key, self.filters[key]]);
    });
    return { filters: filters, withdrawn: this.withdrawn.checked };
  };

  Ui.prototype.run = function () {
    var self = this;
    var query = this.input.value;
    var sequence = ++this.sequence;
    if (!words(query).length) {
      this.show([], 0, query);
      return Promise.resolve();
    }
    this.pending = this.engine.search(query, this.options()).then(function (found) {
      if (sequence === self.sequence) {
        return self.show(found.hits.slice(0, SHOWN), found.total, query, sequence);
      }
    }, function () {
      if (sequence === self.sequence) {
        self.status.textContent = "Sökningen kunde inte laddas. Försök igen senare.";
      }
    });
    return this.pending;
  };

  Ui.prototype.show = function (hits, total, query, sequence) {
    var self = this;
    this.list.textContent = "";
    this.setActive(-1);
    this.input.setAttribute("aria-expanded", hits.length ? "true" : "false");
    if (!words(query).length) {
      this.status.textContent = "";
      return Promise.resolve();
    }
    this.status.textContent = total ? (total === 1 ? "1 träff" : total + " träffar") +
      (total > hits.length ? ", de " + hits.length + " bästa visas" : "") : "Inga träffar för ”" + query.trim() + "”.";
    var lines = hits.map(function (hit) {
      return self.index.resultLine(hit[0]);
    });
    var shown = 0;
    /* Show each line as soon as it and every line above it have arrived. */
    var chain = Promise.resolve();
    lines.forEach(function (line, position) {
      chain = chain.then(function () {
        return line.then(function (data) {
          if (sequence !== self.sequence) {
            return;
          }
          self.list.appendChild(self.option(data, hits[position][1], position));
          shown++;
        }, function () {});
      });
    });
    return chain.then(function () {
      return shown;
    });
  };

  Ui.prototype.option = function (data, section, position) {
    /* The link itself is the option: an option that contains a link is a nested
       interactive control (WCAG 4.1.2), which screen readers announce badly. */
    var item = element("li", "qms-search__result");
    item.setAttribute("role", "presentation");
    var heading = section > 0 && data.h && data.h[section - 1];
    if (typeof heading === "string") {
      heading = [heading, slug(heading)];
    }
    var href = new URL(data.u, this.site).href + (heading ? "#" + heading[1] : "");
    var link = element("a", "qms-search__link");
    link.href = href;
    link.tabIndex = -1;
    link.id = "qms-search-option-" + position;
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.appendChild(element("span", "qms-search__title", data.t));
    if (heading) {
      link.appendChild(element("span", "qms-search__section", "Avsnitt: " + heading[0]));
    }
    var facts = element("span", "qms-search__facts");
    var status = element("span", "qms-search__state", data.s);
    status.setAttribute("data-status", data.s.toLowerCase());
    facts.appendChild(status);
    facts.appendChild(document.createTextNode(" " + [data.y, data.i].filter(Boolean).join(" · ")));
    link.appendChild(facts);
    item.appendChild(link);
    return item;
  };

  Ui.prototype.setActive = function (position) {
    var options = this.list.querySelectorAll("[role=option]");
    if (this.active >= 0 && options[this.active]) {
      options[this.active].setAttribute("aria-selected", "false");
    }
    this.active = position;
    if (position >= 0 && options[position]) {
      options[position].setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", options[position].id);
      if (options[position].scrollIntoView) {
        options[position].scrollIntoView({ block: "nearest" });
      }
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Ui.prototype.go = function (href) {
    this.close();
    window.location.href = href;
  };

  Ui.prototype.close = function () {
    if (this.toggle && this.toggle.checked) {
      this.toggle.checked = false;
      this.toggle.dispatchEvent(new Event("change"));
    }
  };

  Ui.prototype.key = function (event) {
    var self = this;
    var options = this.list.querySelectorAll("[role=option]");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!options.length) {
        return;
      }
      this.setActive(event.key === "ArrowDown" ? Math.min(options.length - 1, this.active + 1) :
        Math.max(-1, this.active - 1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (this.active >= 0 && options[this.active]) {
        this.go(options[this.active].href);
        return;
      }
      var query = this.input.value.trim();
      var exact = ID.test(query) ? this.index.lookupId(query, this.site) : Promise.resolve(null);
      exact.then(function (url) {
        if (url) {
          self.go(url);
          return;
        }
        clearTimeout(self.timer);
        if (ID.test(query)) {
          /* An id nobody has: say so, and show what the words find, go nowhere. */
          return self.run().then(function () {
            self.status.textContent = "Inget dokument har id " + query.toUpperCase() + ". " + self.status.textContent;
          });
        }
        return self.run().then(function () {
          var first = self.list.querySelector("[role=option]");
          if (first) {
            self.go(first.href);
          }
        });
      });
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (this.input.value) {
        this.input.value = "";
        this.run();
      } else {
        this.close();
      }
    }
  };

  window.qmsSearchEngine = {
    stem: stem,
    slug: slug,
    analyse: analyse,
    attach: function (box, base) {
      var ui = new Ui(box, base);
      ui.attach();
      window.qmsSearch = ui;
      return ui;
    }
  };
})();
