// The interactive map of the events' places (templates/timeline/_map.html): Leaflet over the
// self-hosted land image, the places as clustered markers with their counts. It replaces the
// static SVG map, which is what readers without JavaScript get; the places are also in the
// Place filter and in lists, so the map is never the only way to one.
//
// On the timeline, the results fragment carries the places as JSON (#map-data) and keeps the
// map itself (data-hx-preserve): after each swap the markers are redrawn from the new data.
// Selecting a place ticks it in the Place filter and submits the form, so the list and the
// address follow as with any filter. On /map/ it opens the timeline filtered to the place.
// Every address comes from the page (data attributes, the form): none is written here.
(function () {
  "use strict";

  // htmx runs the page's scripts again when Back restores its copy of the page: the map
  // (and the Leaflet it was made with) must stay the first run's.
  if (window.placeMapLoaded) return;
  window.placeMapLoaded = true;
  var L = window.L;
  var maps = new WeakMap(); // container -> {map, markers}

  function readData() {
    var script = document.getElementById("map-data");
    return script ? JSON.parse(script.textContent) : null;
  }

  function clusterIcon(label) {
    return function (cluster) {
      // A place's count holds the places inside it: a cluster adds up the places in it
      // that do not lie in another of its places (the Kuril Islands, not also Etorofu).
      var places = cluster.getAllChildMarkers().map(function (marker) {
        return marker.options.place;
      });
      var slugs = new Set(places.map(function (place) { return place.slug; }));
      var total = 0;
      places.forEach(function (place) {
        if (!place.within.some(function (slug) { return slugs.has(slug); })) total += place.count;
      });
      var size = 30 + Math.min(20, Math.round(4 * Math.sqrt(total)));
      cluster.options.title = label.replace("{count}", String(total));
      return L.divIcon({className: "map-cluster", iconSize: [size, size], html: counter(total)});
    };
  }

  function counter(number) {
    var span = document.createElement("span");
    span.textContent = String(number);
    return span;
  }

  function placeIcon(place, selected) {
    var size = Math.round(2 * (9 + 3 * Math.sqrt(place.count)));
    return L.divIcon({
      className: "map-marker" + (selected ? " is-selected" : ""),
      iconSize: [size, size],
      html: counter(place.count),
    });
  }

  function select(container, place) {
    var form = document.getElementById("filters");
    if (!form || !form.contains(container)) {
      window.location.assign(new URL(container.dataset.timelineUrl + place.url, window.location.href));
      return;
    }
    var found = false;
    form.querySelectorAll('input[name="place"]').forEach(function (input) {
      if (input.type === "checkbox") {
        input.checked = input.value === place.slug;
        found = found || input.checked;
      } else {
        input.remove();
      }
    });
    if (!found) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "place";
      hidden.value = place.slug;
      form.append(hidden);
    }
    form.requestSubmit();
  }

  function selectedPlaces(container) {
    var form = document.getElementById("filters");
    if (form && form.contains(container)) {
      return Array.from(form.querySelectorAll('input[name="place"]:checked'), function (input) {
        return input.value;
      });
    }
    return new URL(window.location.href).searchParams.getAll("place");
  }

  function draw(container, state, data) {
    state.markers.clearLayers();
    var chosen = selectedPlaces(container);
    data.places.forEach(function (place) {
      var marker = L.marker([place.lat, place.lon], {
        icon: placeIcon(place, chosen.indexOf(place.slug) >= 0),
        title: place.label,
        riseOnHover: true,
        place: place,
      });
      marker.on("click", function () { select(container, place); });
      // A marker is a button to the keyboard (Leaflet gives it role and tab stop): Enter
      // and Space select it as a click does.
      marker.on("keypress", function (event) {
        var key = event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          event.originalEvent.preventDefault();
          select(container, place);
        }
      });
      marker.on("add", function () {
        var element = marker.getElement();
        if (element) element.setAttribute("aria-label", place.label);
      });
      state.markers.addLayer(marker);
    });
  }

  function init(container, data) {
    // After Back, htmx restores a copy of the page's HTML: a dead copy of the map's DOM.
    container.replaceChildren();
    var map = window.placeMapFrame.create(container, data.frame, container.dataset.basemap);
    container.setAttribute("aria-label", container.dataset.label);
    var markers = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 36,
      iconCreateFunction: clusterIcon(container.dataset.clusterLabel),
    });
    map.addLayer(markers);
    // A new map opens on its places at once, before the markers are on it: a zoom after
    // them would animate the clusters apart, and a click during an animation is lost.
    // (The group is on the map first: Leaflet.markercluster, given its markers before the
    // map, leaves off those alone at the least zoom when that zoom is fractional.)
    if (data.places.length) {
      var bounds = L.latLngBounds(data.places.map(function (place) { return [place.lat, place.lon]; }));
      map.fitBounds(bounds, {padding: [24, 24], animate: false});
    }
    var state = {map: map, markers: markers};
    maps.set(container, state);
    return state;
  }

  function render() {
    var container = document.getElementById("place-map");
    var data = readData();
    if (!container || !data || !L || !window.placeMapFrame) return;
    var state = maps.get(container) || init(container, data);
    // After a swap the map stays where the reader left it; the markers follow the data.
    draw(container, state, data);
  }

  // htmx keeps a copy of the page's HTML for Back: without the map's own DOM, whose style
  // attributes the Content Security Policy would refuse when the copy is restored (the map
  // is drawn anew then). The copy is made right after this event, before any microtask.
  document.addEventListener("htmx:beforeHistorySave", function () {
    var container = document.getElementById("place-map");
    if (!container || !maps.has(container)) return;
    var children = document.createDocumentFragment();
    children.append.apply(children, Array.from(container.childNodes));
    var style = container.style.cssText;
    container.removeAttribute("style");
    queueMicrotask(function () {
      container.append(children);
      container.style.cssText = style;
    });
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id === "results") render();
  });
  document.addEventListener("htmx:historyRestore", render);
  render();
})();
