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

  // Small screens: the filters are a closed disclosure at the top of the results (the page
  // is served with it open, for readers without JavaScript); wide screens show them always.
  var narrow = window.matchMedia("(max-width: 60rem)");
  var refineOpen = !narrow.matches;
  function applyRefine() {
    var refine = document.getElementById("refine");
    if (refine) refine.open = refineOpen || !narrow.matches;
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.id === "refine" && narrow.matches) refineOpen = event.target.open;
  }, true);
  narrow.addEventListener("change", applyRefine);
  applyRefine();

  // A link to the facets opens them first.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href="#facets"]');
    if (link) { refineOpen = true; applyRefine(); }
  });

  var appendedFrom = null;
  var fromFilters = false;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var list = document.getElementById("event-list");
    appendedFrom = list && event.detail.target === list ? list.querySelectorAll("article").length : null;
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    fromFilters = !!(trigger && trigger.target && trigger.target.closest && trigger.target.closest("#refine"));
  });
  // The swap brings a new (open) disclosure: keep it as the reader left it.
  document.addEventListener("htmx:afterSwap", applyRefine);

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
    // On a small screen the filters sit above the results: after a change there, bring the
    // results into view (focus stays on the filter, so a keyboard user can go on).
    if (fromFilters && narrow.matches) {
      fromFilters = false;
      var main = document.querySelector(".results-main");
      if (main) main.scrollIntoView({ block: "start" });
    }
    rove();
  });

  // The histogram is one tab stop: arrow keys move between its bars, Home and End go to
  // the first and last, Enter follows the bar's link. (Without JavaScript every bar is a
  // tab stop.)
  function bars(chart) {
    return Array.prototype.slice.call(chart.querySelectorAll("a[href]"));
  }
  function rove() {
    document.querySelectorAll(".histogram-chart").forEach(function (chart) {
      var links = bars(chart);
      if (!links.length || links.some(function (a) { return a.getAttribute("tabindex") === "0"; })) return;
      links.forEach(function (a, index) { a.setAttribute("tabindex", index === links.length - 1 ? "0" : "-1"); });
    });
    // Long charts scroll sideways: start at the newest bars, as the list does.
    document.querySelectorAll(".histogram-scroll").forEach(function (box) {
      if (!box.dataset.scrolled) { box.scrollLeft = box.scrollWidth; box.dataset.scrolled = "1"; }
    });
  }
  document.addEventListener("keydown", function (event) {
    var link = event.target.closest && event.target.closest(".histogram-chart a[href]");
    if (!link) return;
    var links = bars(link.closest(".histogram-chart"));
    var index = links.indexOf(link);
    var next = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1,
                 Home: 0, End: links.length - 1 }[event.key];
    if (next === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    next = Math.max(0, Math.min(links.length - 1, next));
    links.forEach(function (a) { a.setAttribute("tabindex", "-1"); });
    links[next].setAttribute("tabindex", "0");
    links[next].focus();
  });
  rove();
})();
