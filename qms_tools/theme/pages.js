/* The start page's search prompt opens the site search (Material's search dialog).
 *
 * The prompt is a real button, so it is reached and pressed with the keyboard. Clicking
 * Material's search toggle (a checkbox) is what its own header button does; the query
 * field then gets the focus. One listener on the document survives instant navigation.
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

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-qms-search-prompt]")) {
      event.preventDefault();
      openSearch();
    }
  });
})();
