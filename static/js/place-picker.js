// The admin's place form (incidents/admin/places.py): a map under the latitude field where
// selecting a point fills in the latitude and the longitude, and which shows the point the
// fields hold. Without JavaScript the map stays hidden and the fields are typed as usual.
(function () {
  "use strict";

  function start() {
    var box = document.querySelector(".place-picker");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!box || !latitude || !longitude || !window.L || !window.placeMapFrame) return;
    // Under the row of both fields, as wide as the form allows (not squeezed beside them).
    var row = box.closest(".form-row");
    if (row) row.after(box);
    box.hidden = false;
    var map = window.placeMapFrame.create(box, JSON.parse(box.dataset.frame), box.dataset.basemap);
    var point = null;

    function show() {
      var lat = parseFloat(latitude.value);
      var lon = parseFloat(longitude.value);
      if (isNaN(lat) || isNaN(lon)) {
        if (point) point.remove();
        point = null;
        return;
      }
      if (!point) point = window.L.circleMarker([lat, lon], {radius: 7, className: "picked-point"}).addTo(map);
      point.setLatLng([lat, lon]);
    }

    map.on("click", function (event) {
      var lon = event.latlng.lng;
      if (lon > 180) lon -= 360; // the land image reaches past the 180th meridian
      latitude.value = event.latlng.lat.toFixed(5);
      longitude.value = lon.toFixed(5);
      [latitude, longitude].forEach(function (input) {
        input.dispatchEvent(new Event("change", {bubbles: true}));
      });
      show();
    });
    latitude.addEventListener("input", show);
    longitude.addEventListener("input", show);
    show();
    if (point) map.setView(point.getLatLng(), map.getZoom() + 1, {animate: false});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
