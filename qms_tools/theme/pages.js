/* Small behaviours of the handbook's pages. One listener on the document per kind of
 * event survives Material's instant navigation, which swaps pages without a reload.
 *
 * The start page's search prompt (and the 404 page's) opens the site search. The prompt
 * is a real button, so it is reached and pressed with the keyboard. Clicking Material's
 * search toggle (a checkbox) is what its own header button does; the query field then
 * gets the focus.
 *
 * A document's print button opens the browser's print dialog; printed, a routine is its
 * text, the line saying which copy it is, and its permanent address (qms.css).
 *
 * Checklists: a Markdown task list ("- [ ] …") is built as disabled checkboxes that
 * have no name of their own (the text stands beside them, outside the label). Here each
 * box gets its item's text as its name, is enabled, and a tap on the item's text ticks
 * it too, as on paper. What is ticked stays on this device, in this tab, for this visit
 * (sessionStorage): a checklist is worked through for one case, and the next visit
 * starts empty; "Töm checklistan" empties it sooner. A count says how far one has come.
 */
(function () {
  "use strict";

  function openSearch() {
    var toggle = document.getElementById("__search");
    if (toggle && !toggle.checked) {
      toggle.click();
    }
    var input = document.querySelector("[data-md-component=search-query], .md-search__input");
    if (input) {
      input.focus();
    }
  }

  var CHECKBOXES = ".md-typeset .task-list-item > .task-list-control > input[type=checkbox]";

  function checklistKey() {
    return "qms-checklist:" + window.location.pathname;
  }

  function checkboxes() {
    return Array.prototype.slice.call(document.querySelectorAll(CHECKBOXES));
  }

  function itemText(item) {
    var copy = item.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("ul, ol, .task-list-control"), function (nested) {
      nested.parentNode.removeChild(nested);
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function showProgress(boxes) {
    var status = document.querySelector("[data-qms-checklist-status]");
    if (status) {
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      status.textContent = ticked + " av " + boxes.length + " punkter avbockade";
    }
  }

  function saveChecklist() {
    var boxes = checkboxes();
    var ticked = [];
    boxes.forEach(function (box, index) {
      if (box.checked) {
        ticked.push(index);
      }
    });
    try {
      window.sessionStorage.setItem(checklistKey(), JSON.stringify(ticked));
    } catch (error) {
      // Storage refused (private mode): the ticks still show until the page is left.
    }
    showProgress(boxes);
  }

  // The print button does nothing without a script, so the script shows it.
  function showPrintButton() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-qms-print]"), function (button) {
      button.parentNode.hidden = false;
    });
  }

  // An abbreviation (publishing/abbreviations.py marks it with its expansion as title)
  // becomes a button: a tap, a click or Enter shows the expansion beside it, which a
  // title alone never does on a touch screen; a second tap hides it again.
  function setUpAbbreviations() {
    var marks = document.querySelectorAll(".md-typeset abbr[title]:not([data-qms-abbr])");
    Array.prototype.forEach.call(marks, function (mark, index) {
      if (mark.closest("a, button, summary, label")) {
        return;
      }
      var expansion = document.createElement("span");
      expansion.className = "qms-abbr-expansion";
      expansion.id = "qms-forkortning-" + index;
      expansion.hidden = true;
      expansion.textContent = " (" + mark.getAttribute("title") + ")";
      mark.setAttribute("data-qms-abbr", "");
      mark.setAttribute("role", "button");
      mark.setAttribute("tabindex", "0");
      mark.setAttribute("aria-expanded", "false");
      mark.setAttribute("aria-controls", expansion.id);
      mark.parentNode.insertBefore(expansion, mark.nextSibling);
    });
  }

  function toggleAbbreviation(mark) {
    var expansion = document.getElementById(mark.getAttribute("aria-controls"));
    var open = mark.getAttribute("aria-expanded") !== "true";
    mark.setAttribute("aria-expanded", open ? "true" : "false");
    if (expansion) {
      expansion.hidden = !open;
    }
  }

  function pageShown() {
    showPrintButton();
    setUpChecklist();
    setUpAbbreviations();
  }

  function setUpChecklist() {
    var boxes = checkboxes();
    if (!boxes.length || document.querySelector("[data-qms-checklist]")) {
      return;
    }
    var saved = [];
    try {
      saved = JSON.parse(window.sessionStorage.getItem(checklistKey()) || "[]");
    } catch (error) {
      saved = [];
    }
    boxes.forEach(function (box, index) {
      box.disabled = false;
      box.checked = saved.indexOf(index) !== -1;
      box.setAttribute("aria-label", itemText(box.closest(".task-list-item")));
    });
    var lists = document.querySelectorAll(".md-typeset .task-list");
    var last = lists[lists.length - 1];
    while (last.parentNode.closest && last.parentNode.closest(".task-list")) {
      last = last.parentNode.closest(".task-list");
    }
    var bar = document.createElement("div");
    bar.className = "qms-checklist";
    bar.setAttribute("data-qms-checklist", "");
    var status = document.createElement("p");
    status.setAttribute("data-qms-checklist-status", "");
    status.setAttribute("role", "status");
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button";
    reset.setAttribute("data-qms-checklist-reset", "");
    reset.textContent = "Töm checklistan";
    bar.appendChild(status);
    bar.appendChild(reset);
    last.parentNode.insertBefore(bar, last.nextSibling);
    showProgress(boxes);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) {
      return;
    }
    if (target.closest("[data-qms-abbr]")) {
      toggleAbbreviation(target.closest("[data-qms-abbr]"));
    } else if (target.closest("[data-qms-search-prompt]")) {
      event.preventDefault();
      openSearch();
    } else if (target.closest("[data-qms-print]")) {
      window.print();
    } else if (target.closest("[data-qms-checklist-reset]")) {
      checkboxes().forEach(function (box) { box.checked = false; });
      saveChecklist();
    } else {
      // A tap on an item's own text ticks its box, as a tap on a label would.
      var item = target.closest(".task-list-item");
      if (item && !target.closest("a, button, label, input, [data-qms-abbr]")) {
        var box = item.querySelector(":scope > .task-list-control > input[type=checkbox]");
        if (box && !box.disabled) {
          box.click();
        }
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    var mark = event.target && event.target.closest && event.target.closest("[data-qms-abbr]");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      toggleAbbreviation(mark);
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target && event.target.matches && event.target.matches(CHECKBOXES)) {
      saveChecklist();
    }
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(pageShown);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", pageShown);
  } else {
    pageShown();
  }
})();
