// Offer (never force) the page in the reader's language: a reader whose browser prefers
// Japanese or Russian, on an English page, sees one line in that language linking to the same
// page there (the language switcher's link, which follows the filters), until they follow it,
// close it or choose a language with the switcher. No JavaScript: no offer, same page.
(function () {
  "use strict";
  var KEY = "language-offer";
  var page = document.documentElement.lang;
  function remember(value) {
    try { localStorage.setItem(KEY, value); } catch (error) { /* private mode: ask again */ }
  }
  function remembered() {
    try { return localStorage.getItem(KEY); } catch (error) { return "unknown"; }
  }
  // A language chosen with the switcher is the reader's answer.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#language-switcher a, .language-offer a");
    if (link) remember("chose " + link.hreflang);
  });
  if (page !== "en" || remembered()) return;
  var wanted = null;
  var preferred = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < preferred.length && !wanted; i++) {
    var code = String(preferred[i]).toLowerCase().split("-")[0];
    if (code === "en") return;  // English comes first: nothing to offer
    if (code === "ja" || code === "ru") wanted = code;
  }
  var target = wanted && document.querySelector('#language-switcher a[hreflang="' + wanted + '"]');
  if (!target) return;

  var offer = document.createElement("aside");
  offer.className = "language-offer";
  offer.lang = wanted;
  offer.setAttribute("aria-label", target.textContent);
  var inner = document.createElement("div");
  inner.className = "wrap language-offer-inner";
  var link = document.createElement("a");
  link.hreflang = wanted;
  link.textContent = target.dataset.offer + " \u2192";
  // Read when followed: an HTMX swap may have changed the filters since.
  link.href = target.getAttribute("href");
  link.addEventListener("click", function () {
    var current = document.querySelector('#language-switcher a[hreflang="' + wanted + '"]');
    if (current) link.href = current.getAttribute("href");
  });
  var close = document.createElement("button");
  close.type = "button";
  close.className = "language-offer-close";
  close.setAttribute("aria-label", target.dataset.close);
  close.textContent = "\u00d7";
  close.addEventListener("click", function () {
    remember("dismissed");
    offer.remove();
  });
  inner.append(link, close);
  offer.append(inner);
  var header = document.querySelector(".site-header");
  if (header) header.after(offer);
})();
