/* The document register: sort and filter the table in the browser, no server needed.
 *
 * The page is a plain table that reads fine without this script. The script shows the
 * filter form the page carries (hidden without JavaScript), turns each column heading
 * into a sort button, and hides the rows that do not match. Cell texts are read once,
 * because a register of 10,000 documents is filtered on every keystroke.
 *
 * Material's instant navigation swaps pages without reloading scripts: document$ says
 * when a new page is in place.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("sv", { numeric: true, sensitivity: "base" });
  var MISSING = "–";
  var DIRECTIONS = { ascending: "stigande", descending: "fallande" };

  function words(value) {
    return value.toLocaleLowerCase("sv").split(/\s+/).filter(Boolean);
  }

  function setUp() {
    var container = document.querySelector(".qms-register");
    var form = document.querySelector("[data-qms-register-filter]");
    var table = container && container.querySelector("table");
    if (!table || !form || !table.tBodies.length || table.hasAttribute("data-qms-ready")) {
      return;
    }
    table.setAttribute("data-qms-ready", "");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var cells = rows.map(function (row) {
      return Array.prototype.map.call(row.cells, function (cell) {
        return cell.textContent.replace(/\s+/g, " ").trim();
      });
    });
    var haystacks = cells.map(function (texts) {
      return texts.join(" ").toLocaleLowerCase("sv");
    });
    var count = form.querySelector("[data-qms-register-count]");
    var textInput = form.querySelector("[data-qms-filter-text]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-qms-filter-column]"));

    function announce(message) {
      if (count) {
        count.textContent = message;
      }
    }

    function filter() {
      var query = textInput ? words(textInput.value) : [];
      var active = selects.filter(function (select) {
        return select.value !== "";
      }).map(function (select) {
        return {
          column: parseInt(select.getAttribute("data-qms-filter-column"), 10),
          value: select.value,
          contains: select.hasAttribute("data-qms-filter-contains")
        };
      });
      var shown = 0;
      for (var index = 0; index < rows.length; index++) {
        var texts = cells[index];
        var visible = active.every(function (condition) {
          var text = texts[condition.column] || "";
          return condition.contains ? text.indexOf(condition.value) !== -1 : text === condition.value;
        }) && query.every(function (word) {
          return haystacks[index].indexOf(word) !== -1;
        });
        if (rows[index].hidden === visible) {
          rows[index].hidden = !visible;
        }
        shown += visible ? 1 : 0;
      }
      var filtered = active.length > 0 || query.length > 0;
      announce(filtered ? "Visar " + shown + " av " + rows.length + " dokument."
                        : "Alla " + rows.length + " dokument visas.");
    }

    function sortBy(header, column) {
      var direction = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      var sign = direction === "ascending" ? 1 : -1;
      var order = rows.map(function (_, index) {
        return index;
      });
      // A missing value ("–") goes last whichever the direction: it is never the answer.
      order.sort(function (a, b) {
        var first = cells[a][column] || MISSING;
        var second = cells[b][column] || MISSING;
        if ((first === MISSING) !== (second === MISSING)) {
          return first === MISSING ? 1 : -1;
        }
        return sign * collator.compare(first, second) || a - b;
      });
      var fragment = document.createDocumentFragment();
      order.forEach(function (index) {
        fragment.appendChild(rows[index]);
      });
      body.appendChild(fragment);
      Array.prototype.forEach.call(header.parentNode.cells, function (cell) {
        cell.removeAttribute("aria-sort");
      });
      header.setAttribute("aria-sort", direction);
      announce("Sorterat efter " + header.textContent.trim().toLocaleLowerCase("sv") + ", " +
               DIRECTIONS[direction] + ".");
    }

    var headerRow = table.tHead && table.tHead.rows[0];
    if (headerRow) {
      Array.prototype.forEach.call(headerRow.cells, function (header, column) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "qms-sort";
        button.textContent = header.textContent.trim();
        button.addEventListener("click", function () {
          sortBy(header, column);
        });
        header.textContent = "";
        header.appendChild(button);
      });
    }

    var pending = null;
    if (textInput) {
      textInput.addEventListener("input", function () {
        window.clearTimeout(pending);
        pending = window.setTimeout(filter, 150);
      });
    }
    selects.forEach(function (select) {
      select.addEventListener("change", filter);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(filter, 0);
    });
    form.hidden = false;
    filter();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
