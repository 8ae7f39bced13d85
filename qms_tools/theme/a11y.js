/* Keyboard and screen-reader access that Material for MkDocs does not give
 * (WCAG 2.1.1, 2.4.3, 4.1.2).
 *
 * Material's header opens the phone navigation drawer (and the handbook's search) with
 * a <label> for a hidden checkbox: a finger can tap it, but the keyboard cannot reach
 * it and a screen reader hears no button; ARIA does not allow role=button on a label.
 * Without JavaScript the labels still work for pointers; with it, each becomes a real
 * <button> that clicks its checkbox. Material's light/dark switch is a pair of radio
 * buttons, so Enter and Space on the focused switch do nothing; here they switch.
 *
 * The focus moves into the drawer when it opens and back to the menu button when it
 * closes, and the drawer or the search closes when the focus leaves it, so the focus is
 * never hidden behind them. Header and search persist across Material's instant
 * navigation; the drawer's contents do not, so they are renewed for every page
 * (document$). Instant navigation also swaps a page without a page load: a screen
 * reader hears nothing and the focus is left on a link that no longer exists. After
 * such a swap the focus moves to the new page's heading, which is then read out.
 */
(function () {
  "use strict";

  var DRAWER_LABEL = "Meny";

  function toggleOf(name) {
    return document.querySelector('input.md-toggle[data-md-toggle="' + name + '"]');
  }

  function menuButton() {
    return document.querySelector('.md-header [data-qms-toggle="__drawer"]');
  }

  function drawer() {
    return document.querySelector(".md-sidebar--primary");
  }

  function activate(event) {
    return event.key === "Enter" || event.key === " " || event.key === "Spacebar";
  }

  function focusables(container) {
    var candidates = container.querySelectorAll("a[href], button, input:not([type=hidden]), select, summary, [tabindex]");
    return Array.prototype.filter.call(candidates, function (element) {
      return element.tabIndex >= 0 && element.getClientRects().length > 0 &&
        getComputedStyle(element).visibility === "visible";
    });
  }

  /* A header <label for=checkbox> becomes a <button> with the label's classes, data and
   * content, which clicks the checkbox (Material watches its change event). */
  function asButton(label) {
    var checkbox = document.getElementById(label.htmlFor);
    if (!checkbox) {
      return null;
    }
    var button = document.createElement("button");
    button.type = "button";
    Array.prototype.forEach.call(label.attributes, function (attribute) {
      if (["for", "role", "tabindex"].indexOf(attribute.name) === -1) {
        button.setAttribute(attribute.name, attribute.value);
      }
    });
    button.setAttribute("data-qms-toggle", checkbox.id);
    while (label.firstChild) {
      button.appendChild(label.firstChild);
    }
    button.addEventListener("click", function () {
      checkbox.click();
    });
    label.parentNode.replaceChild(button, label);
    return button;
  }

  var menu = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
  if (menu) {
    asButton(menu).setAttribute("aria-label", DRAWER_LABEL);
  }
  var searchOpener = document.querySelector('.md-header label.md-header__button[for="__search"]');
  if (searchOpener) {
    asButton(searchOpener);
  }

  // Material shows the switch for the other scheme after the current scheme's radio
  // button but checks neither, so Tab lands on whichever comes first, and Shift+Tab on
  // one whose label is hidden. The current one is checked: Tab stops there.
  function checkCurrentScheme() {
    var options = document.querySelectorAll("input.md-option");
    Array.prototype.forEach.call(options, function (option) {
      var label = option.nextElementSibling;
      if (label && label.tagName === "LABEL" && !label.hidden && !option.checked) {
        option.checked = true;
      }
    });
  }

  function enhance() {
    checkCurrentScheme();
    var button = menuButton();
    var toggle = toggleOf("drawer");
    var panel = drawer();
    if (!button || !toggle) {
      return;
    }
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    if (panel) {
      panel.id = panel.id || "qms-navigation";
      button.setAttribute("aria-controls", panel.id);
    }
  }

  function drawerIsOpen() {
    var toggle = toggleOf("drawer");
    return Boolean(toggle && toggle.checked);
  }

  function closeDrawer(returnFocus) {
    var toggle = toggleOf("drawer");
    if (toggle && toggle.checked) {
      toggle.click();
      var button = menuButton();
      if (returnFocus && button) {
        button.focus();
      }
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target !== toggleOf("drawer")) {
      return;
    }
    var button = menuButton();
    if (button) {
      button.setAttribute("aria-expanded", event.target.checked ? "true" : "false");
    }
    var panel = drawer();
    if (event.target.checked && button && document.activeElement === button && panel) {
      var first = focusables(panel)[0];
      if (first) {
        first.focus();
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    if (activate(event) && target.matches("input.md-option:checked")) {
      // The switch's visible label is the other scheme's: pressing it switches.
      var label = target.nextElementSibling;
      if (label && label.tagName === "LABEL") {
        event.preventDefault();
        label.click();
        var chosen = document.getElementById(label.htmlFor);
        if (chosen) {
          chosen.focus();
        }
      }
    } else if (event.key === "Escape" && drawerIsOpen()) {
      var panel = drawer();
      if (panel && (panel.contains(target) || target === menuButton())) {
        closeDrawer(true);
      }
    }
  });

  // The drawer and the search cover the page on a phone; a focus that moves on past
  // them would land behind them, unseen. They close instead.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    var panel = drawer();
    if (drawerIsOpen() && panel && !panel.contains(target) && target !== menuButton() &&
        getComputedStyle(panel).position === "fixed") {
      closeDrawer(false);
    }
    var search = toggleOf("search");
    if (search && search.checked && !target.closest(".md-search") && !target.closest("[data-qms-search-open]")) {
      search.click();
    }
  });

  // A code block or a wide table that scrolls sideways on a narrow screen must take the
  // keyboard focus, or a keyboard user cannot scroll it (WCAG 2.1.1). Material wraps
  // tables when it shows a page, so this runs after it, and again when the width changes.
  var SCROLLERS = [[".md-typeset pre > code", "Kodexempel"], [".md-typeset__scrollwrap", "Tabell"]];

  function markScrollers() {
    SCROLLERS.forEach(function (kind) {
      document.querySelectorAll(kind[0]).forEach(function (element, index) {
        var scrolls = element.scrollWidth > element.clientWidth + 1;
        if (scrolls && !element.hasAttribute("tabindex")) {
          element.setAttribute("tabindex", "0");
          // A region's name must be unique on the page: numbered in reading order.
          element.setAttribute("role", "region");
          element.setAttribute("aria-label", kind[1] + " " + (index + 1) + ", rulla i sidled");
          element.setAttribute("data-qms-scroller", "");
        } else if (!scrolls && element.hasAttribute("data-qms-scroller")) {
          ["tabindex", "role", "aria-label", "data-qms-scroller"].forEach(function (name) {
            element.removeAttribute(name);
          });
        }
      });
    });
    document.documentElement.setAttribute("data-qms-scrollers", "");
  }

  var resizing = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(markScrollers, 150);
  });

  var loaded = false;

  function pageShown() {
    enhance();
    setTimeout(markScrollers, 0);
    if (!loaded) {
      loaded = true;
      return;
    }
    var heading = document.querySelector(".md-content h1");
    if (heading && !window.location.hash) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(pageShown);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", pageShown);
  } else {
    pageShown();
  }
})();
