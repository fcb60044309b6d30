// What the site's Leaflet maps share (static/js/map.js, the admin's place picker): the
// static map's projection (timeline/public/maps.py: longitudes shrunk by the cosine of the
// middle latitude) and its land image, so that the image and the points line up as there.
// ``frame`` is maps.FRAME, as the page gives it. (Defined once: htmx runs the scripts again
// when Back restores its copy of the page.)
window.placeMapFrame = window.placeMapFrame || (function (L) {
  "use strict";

  function crs(frame) {
    var a = frame.width / (frame.east - frame.west);
    var c = frame.height / (frame.north - frame.south);
    return L.extend({}, L.CRS.Simple, {
      projection: L.Projection.LonLat,
      transformation: new L.Transformation(a, -frame.west * a, -c, frame.north * c),
    });
  }

  // A map on ``container`` showing the land image ``basemap``, the whole frame in view at
  // the least zoom, never beyond the image. Nothing here animates: Leaflet drops a zoom asked
  // for while another is animating, so a zoom started on load would swallow a reader's first
  // click on a cluster.
  function create(container, frame, basemap) {
    var bounds = L.latLngBounds([frame.south, frame.west], [frame.north, frame.east]);
    var land = L.latLngBounds([frame.land[0], frame.land[1]], [frame.land[2], frame.land[3]]);
    var map = L.map(container, {
      crs: crs(frame),
      zoomSnap: 0.25,
      maxBounds: land,
      maxBoundsViscosity: 1,
      zoomControl: false,
    });
    // The buttons' names in the page's language, where the page gives them.
    L.control.zoom({
      zoomInTitle: container.dataset.zoomIn || "Zoom in",
      zoomOutTitle: container.dataset.zoomOut || "Zoom out",
    }).addTo(map);
    map.attributionControl.setPrefix(false);
    L.imageOverlay(basemap, land, {alt: "", attribution: "Natural Earth"}).addTo(map);
    // The least zoom shows the whole frame and leaves no margin beyond the image; four
    // steps in from there is the most. Set again when the map's size changes, the view
    // moved first to a zoom within them (Leaflet would animate to it).
    function fit(center, zoom) {
      map.options.minZoom = -Infinity; // getBoundsZoom keeps within the limits: lift them
      map.options.maxZoom = Infinity;
      var least = Math.max(map.getBoundsZoom(land, true), map.getBoundsZoom(bounds));
      var kept = zoom === undefined ? least : Math.min(least + 4, Math.max(least, zoom));
      if (kept !== zoom) map.setView(center, kept, {animate: false});
      map.setMinZoom(least);
      map.setMaxZoom(least + 4);
    }
    fit(bounds.getCenter());
    map.on("resize", function () { fit(map.getCenter(), map.getZoom()); });
    return map;
  }

  return {crs: crs, create: create};
})(window.L);
