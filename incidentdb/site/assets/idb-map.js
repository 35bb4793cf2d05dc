/* Iraq Incident Database: the incident map and the locator maps of place pages.
 * Leaflet and Leaflet.markercluster are served by the site; tiles come from OpenStreetMap.
 * Markers are HTML icons (a letter for the kind of incident), so they draw without tiles and
 * can be reached with Tab and opened with Enter; incidents at or near one spot are clustered
 * with their count and spread apart on zoom or click. A point that only stands for a town,
 * district, province or country is drawn hollow and dashed, with a shaded circle for the area.
 * The map loads map/data.json (four numbers per incident) and the words of the incidents
 * (map/details/<k>.json) only when a popup or the list of the view needs them. Text from the
 * data only ever goes in through textContent, never as HTML. */
(function () {
  "use strict";

  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
  var IRAQ = [33.2, 43.7];
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var LIST_MAX = 10; // incidents named in the list of the view; the rest are counted
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

  function getJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url.split("/").pop() + ": HTTP " + response.status);
      return response.json();
    });
  }

  // --- the data: incidents as records, their words fetched by chunk -------------------------

  function incidents(data) {
    return (data.incidents || []).map(function (row, n) {
      var place = data.places[row[3]];
      return {
        n: n, year: row[0], kind: data.kinds[row[1]], category: data.categories[row[2]][0],
        lat: place[0], lon: place[1], precision: place[2], radius: place[3],
        placeName: place[4], placeId: place[5],
      };
    });
  }

  function detailsLoader(base, size) {
    var chunks = {};
    function chunk(k) {
      if (!chunks[k]) chunks[k] = getJSON(base + "map/details/" + k + ".json");
      return chunks[k];
    }
    return function (items) {
      var wanted = {};
      items.forEach(function (i) { wanted[Math.floor(i.n / size)] = true; });
      return Promise.all(Object.keys(wanted).map(function (k) {
        return chunk(k).then(function (rows) {
          items.forEach(function (i) {
            if (Math.floor(i.n / size) === Number(k)) i.details = rows[i.n % size];
          });
        });
      }));
    };
  }

  function incidentUrl(base, item) {
    var id = item.details && item.details[0];
    return ID.test(id || "") ? base + "incidents/" + id + "/" : null;
  }

  function approximate(item) {
    return item.precision > 1;
  }

  function approxWords(item) {
    return item.precision === 3
      ? "Placed at the centre of its province, region or country: the exact spot is not known."
      : "Placed approximately: near the site, or somewhere in its town or district.";
  }

  // --- markers, popups, clusters, areas -------------------------------------------------------

  function markerLabel(item) {
    return item.kind[2] + ", " + item.year + ", " + item.placeName +
      (approximate(item) ? " (approximate place)" : "");
  }

  // An icon whose element is built with textContent, its name given by aria-label (Leaflet
  // makes a keyboard marker's icon a focusable role=button element).
  var LabelledIcon = null;

  function labelledIcon(options) {
    if (!LabelledIcon) {
      LabelledIcon = L.DivIcon.extend({
        createIcon: function (old) {
          var div = L.DivIcon.prototype.createIcon.call(this, old);
          div.textContent = "";
          var text = element("span", "idb-marker-symbol", this.options.text);
          text.setAttribute("aria-hidden", "true");
          div.appendChild(text);
          div.setAttribute("aria-label", this.options.label);
          if (this.options.count) div.setAttribute("data-count", String(this.options.count));
          return div;
        },
      });
    }
    return new LabelledIcon(options);
  }

  function icon(item) {
    var classes = ["idb-marker", "idb-cat-" + item.category, "idb-kind-" + item.kind[0]];
    if (approximate(item)) classes.push("idb-marker-approx");
    return labelledIcon({
      className: classes.join(" "), iconSize: [22, 22], text: item.kind[1], label: markerLabel(item),
    });
  }

  function fillPopup(box, item, base) {
    box.textContent = "";
    var d = item.details;
    var title = element("a", "idb-popup-title", d[1]);
    var url = incidentUrl(base, item);
    if (url) title.href = url;
    box.appendChild(title);
    box.appendChild(element("p", null, [d[2], item.kind[2], item.placeName].filter(Boolean).join(" · ")));
    // Casualties in words made at build time: "no deaths reported", "killed: about 100".
    if (d[3]) box.appendChild(element("p", null, d[3]));
    if (approximate(item)) box.appendChild(element("p", "idb-popup-approx", approxWords(item)));
  }

  // Leaflet calls this each time the popup opens or updates: the words are filled in at once
  // when loaded, else once they arrive (then the popup updates, and they are there).
  function popupContent(item, base, load) {
    return function (marker) {
      var box = element("div", "idb-popup", "Loading…");
      if (item.details) {
        fillPopup(box, item, base);
        return box;
      }
      load([item]).then(function () {
        if (marker.isPopupOpen()) marker.getPopup().update();
      }).catch(function (error) {
        box.textContent = "The details could not be loaded (" + error.message + ").";
      });
      return box;
    };
  }

  function marker(item, base, load) {
    item.marker = L.marker([item.lat, item.lon], { icon: icon(item), keyboard: true, riseOnHover: true })
      .bindPopup(popupContent(item, base, load));
    return item.marker;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    return labelledIcon({
      className: "idb-cluster", iconSize: [36, 36], text: count, count: count,
      label: count + " incidents at or near this spot: press Enter to zoom in or spread them apart",
    });
  }

  function openCluster(map, cluster) {
    var bounds = cluster.getBounds();
    var one = bounds.getNorthEast().equals(bounds.getSouthWest());
    if (one || map.getZoom() >= map.getMaxZoom()) {
      cluster.spiderfy();
    } else {
      cluster.zoomToBounds({ padding: [30, 30] });
    }
  }

  function clusters(map) {
    var group = L.markerClusterGroup({
      iconCreateFunction: clusterIcon, showCoverageOnHover: false, maxClusterRadius: 40,
      spiderfyOnMaxZoom: true, chunkedLoading: true,
    });
    // Clusters are markers too, so Tab reaches them; Enter does what a click does.
    group.on("clusterkeypress", function (e) {
      if (e.originalEvent && e.originalEvent.keyCode === 13) openCluster(map, e.layer);
    });
    return group;
  }

  function areas(shown) {
    var layer = L.layerGroup();
    var seen = {};
    shown.filter(approximate).forEach(function (item) {
      var key = [item.lat, item.lon, item.radius].join(",");
      if (!seen[key]) {
        seen[key] = L.circle([item.lat, item.lon], {
          radius: item.radius, className: "idb-area", interactive: false,
        });
        seen[key].places = {};
        layer.addLayer(seen[key]);
      }
      seen[key].places[item.placeId] = true;
    });
    layer.on("add", function () { markAreas(layer); });
    return layer;
  }

  function markAreas(layer) {
    layer.eachLayer(function (circle) {
      var path = circle.getElement && circle.getElement();
      if (path) path.setAttribute("data-places", Object.keys(circle.places).sort().join(" "));
    });
  }

  // --- the list of the incidents in view ------------------------------------------------------

  function listItem(item, base) {
    var li = element("li");
    var url = incidentUrl(base, item);
    var title = element(url ? "a" : "span", null, item.details[1]);
    if (url) title.href = url;
    li.appendChild(title);
    var facts = [item.details[2], item.kind[2], item.placeName + (approximate(item) ? " (approximate)" : "")];
    li.appendChild(element("span", "idb-map-list-facts", facts.join(" · ")));
    return li;
  }

  function viewList(map, base, load) {
    var box = document.querySelector(".idb-map-list");
    if (!box) return function () {};
    var count = box.querySelector(".idb-map-list-count");
    var list = box.querySelector(".idb-map-list-items");
    var more = box.querySelector(".idb-map-list-more");
    var generation = 0;
    return function (shown) {
      var bounds = map.getBounds();
      var inView = shown.filter(function (i) { return bounds.contains([i.lat, i.lon]); });
      var first = inView.slice(0, LIST_MAX);
      var mine = ++generation;
      count.textContent = inView.length === 1 ? "1 incident in this view:" : inView.length + " incidents in this view" + (inView.length ? ":" : ".");
      box.setAttribute("data-count", String(inView.length));
      load(first).then(function () {
        if (mine !== generation) return;
        list.textContent = "";
        first.forEach(function (item) { list.appendChild(listItem(item, base)); });
        more.textContent = inView.length > first.length
          ? "and " + (inView.length - first.length) + " more in this view: zoom in to see fewer, or use the incident table."
          : "";
      }).catch(function (error) {
        count.textContent = "The list could not be loaded (" + error.message + ").";
      });
    };
  }

  // --- the year filter --------------------------------------------------------------------

  function yearCounts(items) {
    var counts = {};
    items.forEach(function (i) { counts[i.year] = (counts[i.year] || 0) + 1; });
    return counts;
  }

  function yearFilter(form, items, onChange) {
    var box = form.querySelector(".idb-map-years");
    var output = form.querySelector("output");
    var counts = yearCounts(items);
    Object.keys(counts).sort().forEach(function (year) {
      var label = element("label", "idb-map-year");
      var input = element("input");
      input.type = "checkbox";
      input.name = "year";
      input.value = year;
      input.checked = true;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + year + " (" + counts[year] + ")"));
      box.appendChild(label);
    });
    function update() {
      var years = {};
      box.querySelectorAll("input:checked").forEach(function (input) { years[input.value] = true; });
      var shown = items.filter(function (i) { return years[String(i.year)]; });
      output.textContent = shown.length + " of " + items.length + " incidents with a point shown";
      onChange(shown);
    }
    form.addEventListener("change", update);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    update();
  }

  // --- the incident map -----------------------------------------------------------------------

  function showIncidents(container, data) {
    var base = container.getAttribute("data-base") || "";
    var items = incidents(data);
    var load = detailsLoader(base, data.chunk);
    items.forEach(function (item) { marker(item, base, load); });
    var map = L.map(container);
    tiles().addTo(map);
    var group = clusters(map).addTo(map);
    var area = null;
    var shown = items;
    var list = viewList(map, base, load);
    if (items.length) {
      map.fitBounds(L.latLngBounds(items.map(function (i) { return [i.lat, i.lon]; })), { padding: [30, 30], maxZoom: 9 });
    } else {
      map.setView(IRAQ, 6);
    }
    function draw(next) {
      shown = next;
      group.clearLayers();
      group.addLayers(shown.map(function (i) { return i.marker; }));
      if (area) map.removeLayer(area);
      area = areas(shown).addTo(map);
      list(shown);
    }
    map.on("moveend", function () { list(shown); });
    var form = document.querySelector("form.idb-map-filters");
    if (form) yearFilter(form, items, draw); else draw(items);
    container.setAttribute("data-idb-markers", String(items.length));
  }

  function initIncidentMap(container) {
    var app = container.closest(".idb-map-app");
    if (app) app.hidden = false;
    getJSON(container.getAttribute("data-map"))
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
    if (L.markerClusterGroup) {
      document.querySelectorAll("#idb-map[data-map]").forEach(function (c) { once(c, initIncidentMap); });
    }
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
