/* Runs the site's own search engine (search/engine.js of a built site) in Node against
 * that site's index: no browser, the same code and files. Reads JSON from standard in,
 * {"queries": [{"query": "…", "withdrawn": false}, …]}, and writes one JSON answer:
 * per query the ids of the first `shown` hits, the total, the withdrawn count and the
 * corrected query. Used by benchmarks/search_relevance.py and the tests. */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const searchDir = process.argv[2];
const shown = +(process.argv[3] || 10);
let bytes = 0;

globalThis.window = globalThis;
globalThis.fetch = function (address) {
  const file = path.join(searchDir, address);
  return fs.promises.readFile(file, "utf8").then(function (text) {
    bytes += Buffer.byteLength(text);
    return { ok: true, status: 200, json: () => Promise.resolve(JSON.parse(text)), text: () => Promise.resolve(text) };
  }, function () {
    return { ok: false, status: 404 };
  });
};
let source = fs.readFileSync(path.join(searchDir, "engine.js"), "utf8");
if (source.indexOf("create: function") < 0) {
  // An engine from before `create` (a baseline revision): the same constructors, reached.
  source = source.replace("window.qmsSearchEngine = {",
    "window.qmsSearchEngine = { create: function (base) { return new Engine(new Index(base)); },");
}
vm.runInThisContext(source, { filename: "engine.js" });

async function main() {
  const input = JSON.parse(fs.readFileSync(0, "utf8"));
  const answers = [];
  for (const item of input.queries) {
    // A fresh index per query: each query pays for the files it needs, as on a phone.
    bytes = 0;
    const engine = window.qmsSearchEngine.create("");
    const found = await engine.search(item.query, { withdrawn: !!item.withdrawn });
    const ids = [];
    const scores = [];
    for (const hit of found.hits.slice(0, shown)) {
      ids.push((await engine.index.resultLine(hit[0])).i);
      scores.push(hit.length > 2 ? Math.round(hit[2] * 100) / 100 : null);
    }
    let snippet = null;
    if (item.snippet && found.hits.length) {
      snippet = await engine.snippet(found.hits[0][0], found.hits[0][1], found.groups);
    }
    answers.push({ query: item.query, ids: ids, total: found.total, withdrawn: found.withdrawn,
      corrected: found.corrected, scores: scores, snippet: snippet, bytes: bytes });
  }
  process.stdout.write(JSON.stringify(answers));
}

main().catch(function (error) {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(1);
});
