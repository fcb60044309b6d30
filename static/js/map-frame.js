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
  // the least zoom, never beyond the image.
  function create(container, frame, basemap) {
    var bounds = L.latLngBounds([frame.south, frame.west], [frame.north, frame.east]);
    var land = L.latLngBounds([frame.land[0], frame.land[1]], [frame.land[2], frame.land[3]]);
    var map = L.map(container, {
      crs: crs(frame),
      zoomSnap: 0.25,
      minZoom: -4, // until fit() knows the map's size (zoom 0: the frame at 600 pixels)
      maxBounds: land,
      maxBoundsViscosity: 1,
    });
    map.attributionControl.setPrefix(false);
    L.imageOverlay(basemap, land, {alt: "", attribution: "Natural Earth"}).addTo(map);
    function fit() {
      map.setMinZoom(-4);
      var least = Math.max(map.getBoundsZoom(land, true), map.getBoundsZoom(bounds));
      map.setMinZoom(least);
      map.setMaxZoom(least + 4);
    }
    map.fitBounds(bounds);
    fit();
    map.on("resize", fit);
    return map;
  }

  return {crs: crs, create: create};
})(window.L);
