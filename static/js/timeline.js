// Progressive enhancement of the timeline page: everything also works without it.
(function () {
  "use strict";

  // The search box has its own debounced trigger; its change event (fired on blur) must
  // not send the same query a second time through the form's change trigger.
  document.addEventListener("change", function (event) {
    if (event.target.id === "id_q") event.stopPropagation();
  }, true);

  // htmx keeps a snapshot of the page's HTML for Back and Forward. Copy what was typed,
  // ticked and chosen into the attributes, so that the snapshot shows it.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll("#filters input, #filters option").forEach(function (el) {
      if (el.tagName === "OPTION") el.toggleAttribute("selected", el.selected);
      else if (el.type === "checkbox") el.toggleAttribute("checked", el.checked);
      else el.setAttribute("value", el.value);
    });
  });

  var appendedFrom = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var list = document.getElementById("event-list");
    appendedFrom = list && event.detail.target === list ? list.querySelectorAll("article").length : null;
  });

  // After a swap, keep focus somewhere sensible: on the first added event after
  // "Load more"; on the results when the focused control was replaced (a chip, a page).
  document.addEventListener("htmx:afterSettle", function (event) {
    if (appendedFrom !== null) {
      var added = document.querySelectorAll("#event-list article")[appendedFrom];
      appendedFrom = null;
      var link = added && added.querySelector(".event-title a");
      if (link) link.focus();
      return;
    }
    var active = document.activeElement;
    if (!active || active === document.body) {
      var results = document.getElementById("results");
      if (results) results.focus({ preventScroll: true });
    }
  });
})();
