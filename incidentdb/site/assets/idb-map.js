/* Iraq Incident Database: the incident map and the locator maps of place pages.
 * Leaflet is served by the site; tiles come from OpenStreetMap. Markers are SVG circles, so
 * they draw even when tiles do not load. Text from the data only ever goes in through
 * textContent, never as HTML. */
(function () {
  "use strict";

  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
  var IRAQ = [33.2, 43.7];
  var INCIDENT_URL = /^incidents\/[a-z0-9]+(-[a-z0-9]+)*\/$/;
  // Zoom of a locator map by the kind of place: large areas from further away.
  var LOCATOR_ZOOM = { country: 5, region: 6, province: 7, district: 9, city: 10, town: 11 };

  function tiles() {
    return L.tileLayer(TILES, { maxZoom: 18, attribution: ATTRIBUTION });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function popup(props, base) {
    var box = element("div", "idb-popup");
    var title = element("a", "idb-popup-title", props.title);
    if (INCIDENT_URL.test(props.url || "")) title.href = base + props.url;
    box.appendChild(title);
    var facts = [props.date_label, props.type_label, props.place_name].filter(Boolean);
    box.appendChild(element("p", null, facts.join(" · ")));
    // Casualties in words made at build time: "no deaths reported", "killed: about 100".
    if (props.casualties) box.appendChild(element("p", null, props.casualties));
    // A point that stands for a whole town, district or province is said to be approximate.
    if (props.geo_precision > 1) {
      box.appendChild(element("p", "idb-popup-approx", props.geo_precision === 3
        ? "Placed at the centre of its province or region: the exact spot is not known."
        : "Placed approximately: near the site, or somewhere in its town or district."));
    }
    return box;
  }

  function marker(feature, base) {
    var c = feature.geometry.coordinates;
    var precise = feature.properties.geo_precision === 1;
    return L.circleMarker([c[1], c[0]], {
      radius: precise ? 7 : 9,
      weight: 2,
      color: "#1a237e",
      fillColor: precise ? "#3949ab" : "#9fa8da",
      fillOpacity: 0.75,
      className: "idb-marker",
    }).bindPopup(popup(feature.properties, base));
  }

  function pointFeatures(data) {
    return (data.features || []).filter(function (f) {
      return f && f.geometry && f.geometry.type === "Point" && f.properties;
    });
  }

  function byYear(features, base) {
    var groups = {};
    features.forEach(function (f) {
      var year = String(f.properties.year);
      if (!groups[year]) groups[year] = { layer: L.layerGroup(), count: 0 };
      groups[year].layer.addLayer(marker(f, base));
      groups[year].count += 1;
    });
    return groups;
  }

  function yearFilter(form, map, groups, total) {
    var box = form.querySelector(".idb-map-years");
    var output = form.querySelector("output");
    var years = Object.keys(groups).sort();
    function update() {
      var shown = 0;
      years.forEach(function (year) {
        var input = box.querySelector('input[value="' + year + '"]');
        if (input.checked) {
          groups[year].layer.addTo(map);
          shown += groups[year].count;
        } else {
          map.removeLayer(groups[year].layer);
        }
      });
      output.textContent = shown + " of " + total + " incidents with a point shown";
    }
    years.forEach(function (year) {
      var label = element("label", "idb-map-year");
      var input = element("input");
      input.type = "checkbox";
      input.name = "year";
      input.value = year;
      input.checked = true;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + year + " (" + groups[year].count + ")"));
      box.appendChild(label);
    });
    form.addEventListener("change", update);
    form.hidden = false;
    update();
  }

  function showIncidents(container, data) {
    var base = container.getAttribute("data-base") || "";
    var features = pointFeatures(data);
    var map = L.map(container, { preferCanvas: false });
    tiles().addTo(map);
    var groups = byYear(features, base);
    var form = document.querySelector("form.idb-map-filters");
    if (form) {
      yearFilter(form, map, groups, features.length);
    } else {
      Object.keys(groups).forEach(function (y) { groups[y].layer.addTo(map); });
    }
    if (features.length) {
      var bounds = L.latLngBounds(features.map(function (f) {
        return [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      }));
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 9 });
    } else {
      map.setView(IRAQ, 6);
    }
    container.setAttribute("data-idb-markers", String(features.length));
  }

  function initIncidentMap(container) {
    fetch(container.getAttribute("data-geojson"))
      .then(function (response) {
        if (!response.ok) throw new Error("GeoJSON: HTTP " + response.status);
        return response.json();
      })
      .then(function (data) { showIncidents(container, data); })
      .catch(function (error) {
        container.appendChild(element("p", "idb-map-error", "The map data could not be loaded (" + error.message + ")."));
      });
  }

  function initLocator(container) {
    var lat = parseFloat(container.getAttribute("data-lat"));
    var lon = parseFloat(container.getAttribute("data-lon"));
    if (isNaN(lat) || isNaN(lon)) return;
    var zoom = LOCATOR_ZOOM[container.getAttribute("data-kind")] || 12;
    var map = L.map(container, {
      center: [lat, lon], zoom: zoom, zoomControl: false, dragging: false, keyboard: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, touchZoom: false,
    });
    tiles().addTo(map);
    L.circleMarker([lat, lon], {
      radius: 8, weight: 2, color: "#1a237e", fillColor: "#3949ab", fillOpacity: 0.8,
      className: "idb-marker", interactive: false,
    }).addTo(map);
  }

  function once(container, init) {
    if (container.getAttribute("data-idb-ready")) return;
    container.setAttribute("data-idb-ready", "1");
    init(container);
  }

  function init() {
    if (!window.L) return;
    document.querySelectorAll("#idb-map[data-geojson]").forEach(function (c) { once(c, initIncidentMap); });
    document.querySelectorAll(".idb-locator[data-lat][data-lon]").forEach(function (c) { once(c, initLocator); });
  }

  function start() {
    init();
    // Material's instant navigation (off here) swaps pages without a load event.
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
