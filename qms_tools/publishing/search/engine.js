/* The handbook's search engine and result list, loaded when search is first opened.
 *
 * The index is built by qms_tools/publishing/search/index.py (read its docstring for
 * the files, and RANK there for the weights, which come in the manifest). A query is
 * split into words (accents folded as the build folds them), each word stemmed with the
 * Swedish Snowball stemmer (the same algorithm as the build), synonym groups from the
 * manifest are expanded, and only the term shards those stems live in are fetched. A
 * word that finds nothing is corrected against the handbook's own words ("Menade du").
 * Documents that match every word come first, then by score: the tier of the field
 * (title, first part of a title compound, …, body) before BM25. Each result line is a
 * small file, fetched in parallel and shown as soon as the lines before it are there;
 * its snippet follows from the document's sentence file.
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
  var WORD = /[0-9a-zåäö]+/g;
  var ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/i;
  var SHOWN = 10;
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

  /* index.py's language/text.py FOLDED: accents a Swedish reader does not tell apart
   * (é -> e), never å, ä, ö. */
  var FOLDED = { "é": "e", "è": "e", "ê": "e", "ë": "e", "á": "a", "à": "a", "â": "a", "í": "i", "ì": "i",
    "ï": "i", "ó": "o", "ò": "o", "ô": "o", "ú": "u", "ù": "u", "ü": "u", "ý": "y", "ç": "c", "ñ": "n",
    "æ": "ä", "ø": "ö" };
  var FOLDABLE = /[éèêëáàâíìïóòôúùüýçñæø]/g;

  function words(text) {
    var lower = (text.normalize ? text.normalize("NFC") : text).toLowerCase();
    return lower.replace(FOLDABLE, function (character) { return FOLDED[character]; }).match(WORD) || [];
  }

  /* Query words -> groups; each group is a list of alternatives, each alternative the
   * terms that must all be present (usually one), with the factor its score counts.
   * A group remembers its words (group.words) so that a word that finds nothing can be
   * corrected. */
  function analyse(query, manifest, factor) {
    factor = factor || 1;
    var stop = {};
    manifest.stop.forEach(function (word) {
      stop[word] = true;
    });
    var synonyms = manifest.synonyms;
    var longest = 1;
    Object.keys(synonyms.keys).forEach(function (key) {
      longest = Math.max(longest, key.split(" ").length);
    });
    var tokens = typeof query === "string" ? words(query) : query;
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
          var alternatives = [{ terms: own, factor: factor, prefix: own.length === 1 && own[0].length >= 3 }];
          synonyms.groups[synonyms.keys[key]].forEach(function (member) {
            if (member.join(" ") !== own.join(" ")) {
              alternatives.push({ terms: member, factor: factor * manifest.rank.synonym, prefix: false });
            }
          });
          alternatives.words = tokens.slice(i, i + length);
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
        var single = [{ terms: [stems[i]], factor: factor, prefix: stems[i].length >= 3 }];
        single.words = [token];
        groups.push(single);
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

  /* ---- spelling ---- */

  var TITLE_START = 3;
  var NEAR = ["ing", "ning", "else", "ande", "are"];
  var MAX_VOCABULARY_PARTS = 3;
  /* Vocabulary parts fetched per side for one misspelt word: beyond that the range of
   * words sharing its first (or last) letters is narrowed, and an edit right at the
   * narrowed piece's edge goes uncorrected. */
  var LINKS = ["", "s", "e"];

  /* Edits allowed in a word of this length: Meilisearch's and Typesense's default. */
  function allowedEdits(length) {
    return length >= 9 ? 2 : length >= 5 ? 1 : 0;
  }

  /* Optimal string alignment distance (a swap of two neighbours is one edit), or
   * limit + 1 as soon as it must exceed limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) {
      return limit + 1;
    }
    var before = null;
    var previous = [];
    var j;
    for (j = 0; j <= b.length; j++) {
      previous.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current.push(value);
        smallest = Math.min(smallest, value);
      }
      if (smallest > limit) {
        return limit + 1;
      }
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  function reversed(text) {
    return text.split("").reverse().join("");
  }

  /* The shard numbers from the one holding `low` to the one holding `high`, at most
   * `most` of them: from the low end when `keepLow`, else from the high end. */
  function shardRange(starts, low, high, most, keepLow) {
    var first = Index.prototype.shardNumber({ shards: starts }, low);
    var last = Index.prototype.shardNumber({ shards: starts }, high);
    if (last - first + 1 > most) {
      if (keepLow) {
        last = first + most - 1;
      } else {
        first = last - most + 1;
      }
    }
    var numbers = [];
    for (var number = first; number <= last; number++) {
      numbers.push(number);
    }
    return numbers;
  }

  /* The shortest prefix of `key` of at least `length` letters whose range of keys fits
   * in MAX_VOCABULARY_PARTS parts. */
  function narrowed(starts, key, length) {
    for (var size = Math.max(1, length); size < key.length; size++) {
      var piece = key.slice(0, size);
      var parts = Index.prototype.shardNumber({ shards: starts }, piece + "\uffff") -
        Index.prototype.shardNumber({ shards: starts }, piece) + 1;
      if (parts <= MAX_VOCABULARY_PARTS) {
        return piece;
      }
    }
    return key;
  }

  Index.prototype.vocabularyPart = function (folder, number) {
    var key = folder + "/" + number + ".txt";
    var parsed = "parsed:" + key;
    if (!this.cache[parsed]) {
      this.cache[parsed] = this.fetch(key, "text").then(function (text) {
        return text.split("\n").map(function (line) {
          var parts = line.split("\t");
          return [parts[0], +parts[1]];
        });
      });
    }
    return this.cache[parsed];
  };

  /* Words of the handbook that may be what `word` meant: those sharing its first or its
   * last letters (one of the two survives one edit, and most pairs of edits), those
   * it begins and those it ends with (the parts of a compound typed as one word).
   * Word -> number of documents. */
  Index.prototype.neighbours = function (manifest, word) {
    var self = this;
    var edits = allowedEdits(word.length + 1);
    var piece = Math.max(2, Math.floor(word.length / (edits + 1)));
    var back = reversed(word);
    var front = narrowed(manifest.vocabulary, word, piece);
    var end = narrowed(manifest.reversed, back, piece);
    var loads = [];
    var forward = {};
    shardRange(manifest.vocabulary, front, front + "\uffff", MAX_VOCABULARY_PARTS, true)
      .concat(shardRange(manifest.vocabulary, word.slice(0, 3), word, MAX_VOCABULARY_PARTS, false))
      .forEach(function (number) { forward[number] = true; });
    var backward = {};
    shardRange(manifest.reversed, end, end + "\uffff", MAX_VOCABULARY_PARTS, true)
      .concat(shardRange(manifest.reversed, back.slice(0, 3), back, MAX_VOCABULARY_PARTS, false))
      .forEach(function (number) { backward[number] = true; });
    Object.keys(forward).forEach(function (number) {
      loads.push(self.vocabularyPart("v", number).then(function (entries) { return [entries, false]; }));
    });
    Object.keys(backward).forEach(function (number) {
      loads.push(self.vocabularyPart("r", number).then(function (entries) { return [entries, true]; }));
    });
    return Promise.all(loads).then(function (parts) {
      var found = {};
      parts.forEach(function (part) {
        part[0].forEach(function (entry) {
          found[part[1] ? reversed(entry[0]) : entry[0]] = entry[1];
        });
      });
      return found;
    });
  };

  /* What a word that found nothing probably meant, as words to search instead, or null:
   * a word one edit away; the parts of a compound the handbook writes apart
   * (fallrisk -> fall risk); a word two edits away (words of 9+ letters); a word that
   * shares its first two thirds (orosanmälning -> orosanmälan). On a tie the word in
   * more documents wins. */
  function correction(word, known) {
    if (word.length < 3 || /\d/.test(word)) {
      return null;
    }
    var candidates = Object.keys(known);
    /* Edits are counted against the longer of the two words: "aken" is one edit from
     * "akten", a word of five letters. */
    function closest(edits) {
      var best = null;
      candidates.forEach(function (candidate) {
        var allowed = Math.min(edits, allowedEdits(Math.max(word.length, candidate.length)));
        if (candidate === word || !allowed) {
          return;
        }
        var away = distance(word, candidate, allowed);
        if (away > allowed) {
          return;
        }
        if (!best || away < best[1] || (away === best[1] && known[candidate] > known[best[0]])) {
          best = [candidate, away];
        }
      });
      return best && [best[0]];
    }
    var edits = allowedEdits(word.length + 1);
    var found = edits ? closest(1) : null;
    if (found) {
      return found;
    }
    for (var cut = word.length - 3; cut >= 3; cut--) {
      var head = word.slice(0, cut);
      if (!Object.prototype.hasOwnProperty.call(known, head)) {
        continue;
      }
      for (var l = 0; l < LINKS.length; l++) {
        var link = LINKS[l];
        var tail = word.slice(cut + link.length);
        if (word.slice(cut, cut + link.length) === link && tail.length >= 3 &&
            Object.prototype.hasOwnProperty.call(known, tail)) {
          return [head, tail];
        }
      }
      /* Three equal consonants are written as two: natt + tillsyn -> nattillsyn. */
      var shared = head.charAt(head.length - 1);
      if (head.charAt(head.length - 2) === shared && VOWELS.indexOf(shared) < 0 &&
          Object.prototype.hasOwnProperty.call(known, shared + word.slice(cut))) {
        return [head, shared + word.slice(cut)];
      }
    }
    found = allowedEdits(word.length + 2) > 1 ? closest(2) : null;
    if (found) {
      return found;
    }
    var shared = Math.max(4, Math.ceil(word.length * 2 / 3));
    var best = null;
    candidates.forEach(function (candidate) {
      var common = 0;
      while (common < word.length && word.charAt(common) === candidate.charAt(common)) {
        common++;
      }
      if (common >= shared && (!best || common > best[1] || (common === best[1] && known[candidate] > known[best[0]]))) {
        best = [candidate, common];
      }
    });
    return best && [best[0]];
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

  /* Fetch what a query being typed will need, without searching: its shards, and for a
   * word that begins no term of the handbook, the words it may be corrected to, so that
   * a correction costs no more time after the last key than a word spelt right. */
  Engine.prototype.preload = function (query) {
    var self = this;
    var index = this.index;
    return index.manifest.then(function (manifest) {
      var groups = analyse(query, manifest);
      return self.load(manifest, groups).then(function (loaded) {
        return Promise.all(groups.map(function (alternatives) {
          var term = alternatives[0].terms[0];
          if (alternatives.length > 1 || alternatives.words.length !== 1 || term.length < 3) {
            return null;
          }
          return index.shardsFor(manifest, term, true).then(function (shards) {
            var begins = shards.some(function (terms) {
              return Object.keys(terms).some(function (candidate) {
                return candidate.lastIndexOf(term, 0) === 0;
              });
            });
            return begins ? null : index.neighbours(manifest, alternatives.words[0]);
          });
        }));
      });
    });
  };

  /* Scores of one alternative: document -> [score, section]. A posting's level is its
   * tier (manifest.rank.tiers: body, heading, title part, title start, title) and a
   * BM25 level within the tier; the tier's weight counts most, BM25 (times the term's
   * rarity, both below 1) orders documents of one tier. */
  Engine.prototype.scoreAlternative = function (manifest, alternative, shards) {
    var rank = manifest.rank;
    var rarest = idf(1, manifest.documents);
    var scores = null;
    alternative.terms.forEach(function (term) {
      var termScores = {};
      var sources = shards[term] || [];
      /* The rarity of the word typed, where the handbook has it: a longer word it
       * begins (läkemedelsrummet) is rarer, but not a better match. */
      var own = null;
      sources.forEach(function (terms) {
        own = own || terms[term] || null;
      });
      sources.forEach(function (terms) {
        Object.keys(terms).forEach(function (candidate) {
          /* The noun of a verb typed (placera -> placering, rapportera -> rapportering)
           * is as good as the word. Any other longer term is a word being typed. */
          var exact = candidate === term ||
            (alternative.prefix && NEAR.indexOf(candidate.slice(term.length)) >= 0 &&
             candidate.lastIndexOf(term, 0) === 0);
          if (!exact && !(alternative.prefix && candidate.lastIndexOf(term, 0) === 0)) {
            return;
          }
          if (candidate === term) {
            alternative.found = true;
          }
          var entry = terms[candidate];
          var rarity = idf(Math.max(entry.count, own ? own.count : 0), manifest.documents) / rarest;
          var weight = 1 - manifest.rank.rarity + manifest.rank.rarity * rarity;
          postingsOf(entry).forEach(function (posting) {
            var tier = Math.floor(posting[1] / rank.levels);
            var within = (posting[1] % rank.levels + 1) / (rank.levels + 1);
            if (candidate !== term) {
              tier = Math.min(tier, TITLE_START);
            }
            var score = alternative.factor * (exact ? 1 : rank.prefix) * weight * (rank.tiers[tier] + within) *
              (posting[0] >= manifest.inForce ? rank.draft : 1);
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

  /* Best [score, section] of each document for each group. */
  Engine.prototype.scoreGroups = function (manifest, groups) {
    var self = this;
    var index = this.index;
    return Promise.all(groups.map(function (alternatives) {
      return Promise.all(alternatives.map(function (alternative) {
        return Promise.all(alternative.terms.map(function (term) {
          return index.shardsFor(manifest, term, alternative.prefix);
        })).then(function (loaded) {
          var shards = {};
          alternative.terms.forEach(function (term, termNumber) {
            shards[term] = loaded[termNumber];
          });
          return self.scoreAlternative(manifest, alternative, shards);
        });
      })).then(function (scored) {
        var best = {};
        /* Where the word itself is nowhere in the handbook (medicin), its synonyms are
         * what it means here: they count as a corrected word, not as a synonym. */
        var scale = alternatives[0].found ? 1 : manifest.rank.correction / manifest.rank.synonym;
        scored.forEach(function (scores, number) {
          if (number && scale !== 1) {
            Object.keys(scores).forEach(function (document) {
              scores[document] = [scores[document][0] * scale, scores[document][1]];
            });
          }
          Object.keys(scores).forEach(function (document) {
            if (!best[document] || best[document][0] < scores[document][0]) {
              best[document] = scores[document];
            }
          });
        });
        return best;
      });
    }));
  };

  /* Groups that found nothing get their words corrected; resolves to the groups and
   * their scores to use, and the query as corrected (null when nothing was). */
  Engine.prototype.corrected = function (manifest, groups, scored) {
    var self = this;
    var index = this.index;
    var changed = false;
    return Promise.all(groups.map(function (alternatives, number) {
      var word = alternatives.words.length === 1 ? alternatives.words[0] : null;
      if (Object.keys(scored[number]).length || !word) {
        return [[alternatives], [scored[number]], alternatives.words];
      }
      return index.neighbours(manifest, word).then(function (known) {
        var instead = correction(word, known);
        if (!instead) {
          return [[alternatives], [scored[number]], alternatives.words];
        }
        var replacement = analyse(instead, manifest, manifest.rank.correction);
        return self.scoreGroups(manifest, replacement).then(function (scores) {
          changed = true;
          return [replacement, scores, instead];
        });
      });
    })).then(function (parts) {
      var result = { groups: [], scored: [], words: [] };
      parts.forEach(function (part) {
        result.groups = result.groups.concat(part[0]);
        result.scored = result.scored.concat(part[1]);
        result.words = result.words.concat(part[2]);
      });
      result.query = changed ? result.words.join(" ") : null;
      return result;
    });
  };

  /* Ranked [document, section] pairs, the number of hits, the number of withdrawn
   * documents that matched but are not shown, the corrected query (or null) and the
   * query's groups (for snippets). */
  Engine.prototype.search = function (query, options) {
    var self = this;
    var index = this.index;
    options = options || {};
    return index.manifest.then(function (manifest) {
      var groups = analyse(query, manifest);
      if (!groups.length) {
        return { hits: [], total: 0, withdrawn: 0, corrected: null, groups: [] };
      }
      var filterLoads = Promise.all((options.filters || []).map(function (filter) {
        return index.filterSet(filter[0], filter[1]);
      }));
      var scoring = self.scoreGroups(manifest, groups).then(function (scored) {
        if (options.asTyped) {
          return { groups: groups, scored: scored, query: null };
        }
        return self.corrected(manifest, groups, scored);
      });
      return Promise.all([scoring, filterLoads]).then(function (loaded) {
        var found = loaded[0];
        var sets = loaded[1];
        var totals = {};
        found.scored.forEach(function (best) {
          Object.keys(best).forEach(function (document) {
            var total = totals[document] ||
              (totals[document] = { matched: 0, score: 0, section: 0, top: 0, sections: {}, weakest: Infinity });
            total.matched += 1;
            total.score += best[document][0];
            total.sections[best[document][1]] = true;
            total.weakest = Math.min(total.weakest, best[document][0]);
            if (best[document][0] > total.top) {
              total.top = best[document][0];
              total.section = best[document][1];
            }
          });
        });
        var withdrawn = 0;
        var hits = Object.keys(totals).filter(function (document) {
          if (!sets.every(function (set) { return set[document]; })) {
            return false;
          }
          if (!options.withdrawn && +document >= manifest.live) {
            withdrawn++;
            return false;
          }
          return true;
        }).map(function (document) {
          var total = totals[document];
          /* A document strong in every word of the query before one strong in one. */
          if (total.matched > 1 && total.matched === found.groups.length) {
            total.score += manifest.rank.weakest * total.weakest;
          }
          /* Every word of the query at its best in one section under a heading: the
           * section is about all of them, not each about one. (Section 0 holds the
           * title, so it would say nothing.) */
          var sections = Object.keys(total.sections);
          if (total.matched > 1 && sections.length === 1 && sections[0] !== "0") {
            total.score += manifest.rank.together;
          }
          return [+document, total];
        });
        hits.sort(function (a, b) {
          return (b[1].matched - a[1].matched) || (b[1].score - a[1].score) || (a[0] - b[0]);
        });
        return {
          hits: hits.map(function (hit) { return [hit[0], hit[1].section, hit[1].score]; }),
          total: hits.length,
          withdrawn: withdrawn,
          corrected: found.query,
          groups: found.groups
        };
      });
    });
  };

  /* ---- snippets ---- */

  var SNIPPET_LENGTH = 180;
  var SNIPPET_DELAY = 400;

  /* Whether a word of the text is one the query searched for: the same stem, a word the
   * stem begins (as typed so far), or a compound that holds it (avvikelsehantering). */
  function matcher(groups) {
    var terms = [];
    groups.forEach(function (alternatives, number) {
      alternatives.forEach(function (alternative) {
        alternative.terms.forEach(function (term) {
          terms.push({ term: term, prefix: alternative.prefix, group: number });
        });
      });
    });
    return function (word) {
      var stemmed = stem(word);
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i].term;
        if (stemmed === term || (terms[i].prefix && stemmed.lastIndexOf(term, 0) === 0) ||
            (term.length >= 4 && word.indexOf(term) >= 0)) {
          return terms[i].group + 1;
        }
      }
      return 0;
    };
  }

  /* The sentence of a document that matches most query words (in the section the
   * document matched best, on a tie), cut to SNIPPET_LENGTH around its first match:
   * { text, marks: [[start, end], …] }, or null. */
  Engine.prototype.snippet = function (document, section, groups) {
    var matches = matcher(groups);
    return this.index.fetch("s/" + document + ".txt", "text").then(function (text) {
      var best = null;
      text.split("\n").forEach(function (line) {
        var tab = line.indexOf("\t");
        var sentence = line.slice(tab + 1);
        var groupsFound = {};
        var marks = [];
        var pattern = /[0-9A-Za-zÅÄÖåäöÉÈÊËÁÀÂÍÌÏÓÒÔÚÙÜÝÇÑÆØéèêëáàâíìïóòôúùüýçñæø]+/g;
        var found;
        while ((found = pattern.exec(sentence)) !== null) {
          var folded = words(found[0]);
          var group = folded.length === 1 ? matches(folded[0]) : 0;
          if (group) {
            groupsFound[group] = true;
            marks.push([found.index, found.index + found[0].length]);
          }
        }
        var score = Object.keys(groupsFound).length * 2 + (+line.slice(0, tab) === section ? 1 : 0);
        if (marks.length && (!best || score > best.score)) {
          best = { score: score, text: sentence, marks: marks };
        }
      });
      if (!best) {
        return null;
      }
      var start = 0;
      if (best.text.length > SNIPPET_LENGTH) {
        start = Math.max(0, Math.min(best.marks[0][0] - 40, best.text.length - SNIPPET_LENGTH));
        start = start ? best.text.indexOf(" ", start) + 1 : 0;
      }
      var end = Math.min(best.text.length, start + SNIPPET_LENGTH);
      if (end < best.text.length) {
        end = best.text.lastIndexOf(" ", end);
      }
      return {
        text: (start ? "… " : "") + best.text.slice(start, end) + (end < best.text.length ? " …" : ""),
        marks: best.marks.filter(function (mark) {
          return mark[0] >= start && mark[1] <= end;
        }).map(function (mark) {
          var shift = start ? 2 - start : 0;
          return [mark[0] + shift, mark[1] + shift];
        })
      };
    }, function () {
      return null;
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

  /* The anchor of a heading, as the site's slugify makes it (markdown_scan.slugify:
     pymdownx's, lower case): tags out, trimmed, lower case, only letters, digits, _ and -
     kept, spaces to hyphens. */
  function slug(text) {
    return text.normalize("NFC").replace(/<[^>]+>/g, "").trim().toLowerCase()
      .replace(/[^\p{L}\p{N}_\- ]/gu, "").replace(/ /g, "-");
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
    this.notice = box.querySelector("[data-qms-search-notice]");
    this.example = box.querySelector("[data-qms-search-example]");
    this.toggle = document.getElementById("__search");
    this.sequence = 0;
    this.active = -1;
    this.timer = null;
    this.filters = {};
    this.pending = null;
    this.asTyped = null;
    /* The query someone asked to search as typed, without correction. */
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
    this.notice.addEventListener("click", function (event) {
      var action = event.target.closest ? event.target.closest("button[data-action]") : null;
      if (!action) {
        return;
      }
      if (action.getAttribute("data-action") === "withdrawn") {
        self.withdrawn.checked = true;
      } else {
        self.input.value = self.asTyped = action.getAttribute("data-query");
      }
      self.run();
      self.input.focus();
    });
    this.index.manifest.then(function (manifest) {
      self.buildFilters(manifest);
      if (manifest.example && self.example) {
        self.example.textContent = " som " + manifest.example;
      }
    }, function () {
      self.status.textContent = "Sökningen kunde inte laddas. Försök igen senare.";
    });
    if (this.input.value) {
      typed(); /* typed before the engine arrived */
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
    return { filters: filters, withdrawn: this.withdrawn.checked,
      asTyped: this.asTyped !== null && this.asTyped === this.input.value.trim() };
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
        return self.show(found.hits.slice(0, SHOWN), found.total, query, sequence, found);
      }
    }, function () {
      if (sequence === self.sequence) {
        self.status.textContent = "Sökningen kunde inte laddas. Försök igen senare.";
      }
    });
    return this.pending;
  };

  /* What the status line cannot say in one sentence: the correction that was applied
   * (with the query as typed a tap away) and the withdrawn documents left out. */
  Ui.prototype.showNotice = function (found, query) {
    this.notice.textContent = "";
    if (found && found.corrected) {
      var line = element("p", "qms-search__corrected");
      line.appendChild(document.createTextNode("Menade du "));
      line.appendChild(element("strong", "", found.corrected));
      line.appendChild(document.createTextNode("? Träffarna gäller det. "));
      var original = element("button", "qms-search__notice-button", "Sök på ”" + query.trim() + "” ändå");
      original.type = "button";
      original.setAttribute("data-action", "exact");
      original.setAttribute("data-query", query.trim());
      line.appendChild(original);
      this.notice.appendChild(line);
    }
    if (found && found.withdrawn) {
      var withdrawn = element("button", "qms-search__notice-button", (found.withdrawn === 1 ?
        "1 upphävt dokument matchade" : found.withdrawn + " upphävda dokument matchade") + " – visa");
      withdrawn.type = "button";
      withdrawn.setAttribute("data-action", "withdrawn");
      var paragraph = element("p", "qms-search__withdrawn-notice");
      paragraph.appendChild(withdrawn);
      this.notice.appendChild(paragraph);
    }
  };

  Ui.prototype.show = function (hits, total, query, sequence, found) {
    var self = this;
    this.list.textContent = "";
    this.showNotice(found, query);
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
          var option = self.option(data, hits[position][1], position);
          self.list.appendChild(option);
          shown++;
          self.whenSeen(option, function () {
            /* Only for the query that stays: a query still being typed shows its
             * results but spends no bytes on their snippets. */
            setTimeout(function () {
              if (sequence !== self.sequence || self.input.value !== query) {
                return;
              }
              self.engine.snippet(hits[position][0], hits[position][1], found.groups).then(function (snippet) {
                if (sequence === self.sequence) {
                  self.addSnippet(option, snippet);
                }
              });
            }, SNIPPET_DELAY);
          });
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
    var status = element("span", "qms-search__state", data.s.toLowerCase() === "utkast" ?
      "Utkast, gäller inte än" : data.s);
    status.setAttribute("data-status", data.s.toLowerCase());
    facts.appendChild(status);
    facts.appendChild(document.createTextNode(" " + [data.y, data.i].filter(Boolean).join(" · ")));
    var snippet = element("span", "qms-search__snippet");
    snippet.setAttribute("data-pending", "");
    link.appendChild(snippet);
    link.appendChild(facts);
    item.appendChild(link);
    return item;
  };

  /* Run `then` once `item` is on screen: a result below the fold costs its snippet's
   * bytes only when someone scrolls to it. */
  Ui.prototype.whenSeen = function (item, then) {
    if (typeof IntersectionObserver === "undefined") {
      then();
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        then();
      }
    }, { root: this.box.querySelector(".md-search__scrollwrap") });
    observer.observe(item);
  };

  /* Fill the snippet's place, kept open since the result was shown so that results do
   * not move (and the results below the fold stay there); no snippet, no place. */
  Ui.prototype.addSnippet = function (option, snippet) {
    var line = option.querySelector(".qms-search__snippet");
    if (!snippet) {
      line.parentNode.removeChild(line);
      return;
    }
    var at = 0;
    snippet.marks.forEach(function (mark) {
      line.appendChild(document.createTextNode(snippet.text.slice(at, mark[0])));
      line.appendChild(element("mark", "", snippet.text.slice(mark[0], mark[1])));
      at = mark[1];
    });
    line.appendChild(document.createTextNode(snippet.text.slice(at)));
    line.removeAttribute("data-pending");
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
    words: words,
    analyse: analyse,
    distance: distance,
    /* An engine over the index at `base`, without the result list (Node, tests). */
    create: function (base) {
      return new Engine(new Index(base));
    },
    attach: function (box, base) {
      var ui = new Ui(box, base);
      ui.attach();
      window.qmsSearch = ui;
      return ui;
    }
  };
})();
