// Progressive enhancement of the timeline page: everything also works without it.
(function () {
  "use strict";

  // The search box has its own debounced trigger; its change event (fired on blur) must
  // not send the same query a second time through the form's change trigger.
  document.addEventListener("change", function (event) {
    if (event.target.id === "id_q") event.stopPropagation();
  }, true);

  // htmx keeps a snapshot of the page's HTML for Back and Forward. The search fields sit
  // outside the swapped results, so after each new address write that address's values
  // into their attributes: the snapshot then shows them (what is on screen is unchanged).
  document.addEventListener("htmx:pushedIntoHistory", function (event) {
    var params = new URL(event.detail.path, location.href).searchParams;
    ["q", "from", "to"].forEach(function (name) {
      var input = document.getElementById("id_" + name);
      if (input) input.setAttribute("value", params.get(name) || "");
    });
    document.querySelectorAll("#id_order option").forEach(function (option) {
      option.toggleAttribute("selected", option.value === (params.get("order") || ""));
    });
  });

  var appendedFrom = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var list = document.getElementById("event-list");
    appendedFrom = list && event.detail.target === list ? list.querySelectorAll("article").length : null;
  });

  // After a swap, keep focus somewhere sensible: on the first added event after
  // "Load more"; on the results when the focused control was replaced (a chip, a page).
  document.addEventListener("htmx:afterSettle", function () {
    // Fields outside the results are marked invalid when their error slot (swapped
    // out of band) has a message.
    ["q", "from", "to", "order"].forEach(function (name) {
      var field = document.getElementById("id_" + name);
      var slot = document.getElementById("errors-" + name);
      if (!field || !slot) return;
      if (slot.children.length) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    });
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
