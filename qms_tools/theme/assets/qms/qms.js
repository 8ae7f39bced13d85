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

  function update() {
    var now = today();
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
