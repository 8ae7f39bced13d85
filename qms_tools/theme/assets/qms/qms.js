/* Review state in the reader's browser.
 *
 * The site shows the review state computed when it was built. A site that has not been
 * rebuilt for months would keep calling an overdue routine current, so the header's
 * data-review-date is compared with today's date here and the matching banner shown.
 * Material's instant navigation swaps pages without reloading scripts: document$ tells
 * us when a new page is in place.
 */
(function () {
  "use strict";

  var DAY = 86400000;

  function utcDay(year, month, day) {
    return Date.UTC(year, month - 1, day);
  }

  function today() {
    var now = new Date();
    return utcDay(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  function parseDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    return match ? utcDay(+match[1], +match[2], +match[3]) : null;
  }

  function reviewState(element, now) {
    var due = parseDate(element.getAttribute("data-review-date"));
    if (due === null || element.getAttribute("data-status") !== "gällande") {
      return null;
    }
    var soon = parseInt(element.getAttribute("data-due-soon-days") || "30", 10);
    var daysLeft = Math.round((due - now) / DAY);
    return daysLeft < 0 ? "overdue" : daysLeft <= soon ? "due-soon" : "current";
  }

  var BADGES = {
    "overdue": ["qms-badge qms-badge--overdue", "Granskning försenad"],
    "due-soon": ["qms-badge qms-badge--due-soon", "Granskning snart"]
  };

  // A document listed on an overview page (register, area, process map, review page)
  // carries data-qms-due="due-soon-from/due": the same rule as a document's header,
  // so both say the same on the reader's day.
  function updateListed(now) {
    var listed = document.querySelectorAll("[data-qms-due]");
    Array.prototype.forEach.call(listed, function (badge) {
      var dates = badge.getAttribute("data-qms-due").split("/");
      var soon = parseDate(dates[0]);
      var due = parseDate(dates[1]);
      if (soon === null || due === null) {
        return;
      }
      var state = now > due ? "overdue" : now >= soon ? "due-soon" : "current";
      badge.setAttribute("data-review-state", state);
      var look = BADGES[state];
      badge.hidden = !look;
      badge.className = look ? look[0] : "qms-badge";
      badge.textContent = look ? look[1] : "";
    });
    var built = document.querySelector("[data-qms-built]");
    if (built) {
      built.hidden = parseDate(built.getAttribute("data-qms-built")) === now;
    }
  }

  // The review page lists every document with a review date; what is overdue or due
  // soon on the reader's day is shown (and what a law change makes suspect), the rest
  // hidden, and every count, bar and heading follows.
  var STATES = ["overdue", "due-soon"];

  function showCounts(element, counts) {
    STATES.forEach(function (state) {
      var cell = element.querySelector("[data-qms-count='" + state + "']");
      if (!cell) {
        return;
      }
      var words = (cell.getAttribute("data-qms-words") || "").split("/");
      cell.textContent = counts[state] + (words.length === 2 ? " " + words[counts[state] === 1 ? 0 : 1] : "");
    });
  }

  function updateReviewPage() {
    var summary = document.querySelector("[data-qms-review-page]");
    if (!summary) {
      return;
    }
    var total = {"overdue": 0, "due-soon": 0};
    var units = {};
    var shownAnywhere = 0;
    Array.prototype.forEach.call(document.querySelectorAll("div[data-qms-owner]"), function (owner) {
      var counts = {"overdue": 0, "due-soon": 0};
      var shown = 0;
      Array.prototype.forEach.call(owner.querySelectorAll("li"), function (item) {
        var badge = item.querySelector("[data-qms-due]");
        var state = badge ? badge.getAttribute("data-review-state") : null;
        var show = state in counts || !!item.querySelector(".qms-badge--suspect");
        if (state in counts) {
          counts[state] += 1;
        }
        item.hidden = !show;
        shown += show ? 1 : 0;
      });
      owner.hidden = !shown;
      var unitId = owner.closest("[data-qms-unit]").getAttribute("data-qms-unit");
      var unit = units[unitId] || (units[unitId] = {"overdue": 0, "due-soon": 0, shown: 0});
      var row = document.querySelector("tr[data-qms-owner='" + owner.getAttribute("data-qms-owner") + "']");
      STATES.forEach(function (state) {
        unit[state] += counts[state];
        total[state] += counts[state];
      });
      unit.shown += shown;
      shownAnywhere += shown;
      if (row) {
        row.hidden = !(counts.overdue + counts["due-soon"]);
        showCounts(row, counts);
      }
    });
    var largest = 1;
    Object.keys(units).forEach(function (id) {
      largest = Math.max(largest, units[id].overdue + units[id]["due-soon"]);
    });
    Object.keys(units).forEach(function (id) {
      var unit = units[id];
      var section = document.querySelector("div[data-qms-unit='" + id + "']");
      if (section) {
        section.hidden = !unit.shown;
      }
      var row = document.querySelector("tr[data-qms-unit='" + id + "']");
      if (row) {
        row.hidden = !(unit.overdue + unit["due-soon"]);
        showCounts(row, unit);
        STATES.forEach(function (state) {
          var bar = row.querySelector("[data-qms-bar='" + state + "']");
          if (bar) {
            bar.style.width = Math.round(100 * unit[state] / largest) + "%";
          }
        });
      }
    });
    showCounts(summary, total);
    var day = summary.querySelector("[data-qms-review-day]");
    if (day) {
      day.textContent = new Date(today()).toISOString().slice(0, 10);
    }
    var empty = document.querySelector("[data-qms-review-empty]");
    if (empty) {
      empty.hidden = shownAnywhere > 0;
    }
  }

  function update() {
    var now = today();
    updateListed(now);
    updateReviewPage();
    var headers = document.querySelectorAll("[data-review-date][data-status]");
    Array.prototype.forEach.call(headers, function (header) {
      var state = reviewState(header, now);
      if (state === null) {
        return;
      }
      header.setAttribute("data-review-state", state);
      var banners = header.querySelectorAll("[data-qms-review]");
      Array.prototype.forEach.call(banners, function (banner) {
        banner.hidden = banner.getAttribute("data-qms-review") !== state;
      });
    });
  }

  // The facts past the first few are folded on a phone, so that the routine starts on
  // the first screen; a wide screen has room for them and opens them.
  function openFactsOnWideScreens() {
    if (window.matchMedia && window.matchMedia("(min-width: 45em)").matches) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-qms-more-facts]"), function (details) {
        details.open = true;
      });
    }
  }

  function pageShown() {
    update();
    openFactsOnWideScreens();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(pageShown);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", pageShown);
  } else {
    pageShown();
  }
})();
