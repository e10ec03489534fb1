(function () {
  "use strict";
  var map = frontlineMap;
  var D = JSON.parse(document.getElementById("frontline-data").textContent);
  var days = D.days, last = days.length - 1, current = 0, compare = null, timer = null;
  var sides = {};
  D.sides.forEach(function (s) { sides[s.id] = s; });
  var SCALE = 1e5;

  // -- safe DOM helpers: report text is only ever set as text ---------------------------
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function isWeb(url) { return /^https?:\/\//i.test(url || ""); }
  function sideName(id) { return sides[id] ? sides[id].name + " (" + id + ")" : id; }
  function colour(id) { return sides[id] ? sides[id].colour : "#888"; }
  function km2(v) { return v.toLocaleString("en-GB", {maximumFractionDigits: 1}) + " km²"; }
  function reportList(ids) {
    var ul = el("ul");
    (ids || []).forEach(function (id) {
      var r = D.reports[id]; if (!r) { return; }
      var li = el("li");
      var what = r.title || id;
      if (isWeb(r.url)) {
        var a = el("a", what); a.href = r.url; a.target = "_blank"; a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else { li.appendChild(el("span", what)); }
      var meta = [r.publisher, r.published].filter(Boolean).join(", ");
      if (meta) { li.appendChild(el("span", " — " + meta)); }
      if (r.quote) { li.appendChild(el("q", r.quote, "fl-quote")); }
      ul.appendChild(li);
    });
    return ul;
  }
  function splitIds(text) { return (text || "").split(",").filter(Boolean); }
  // rings and lines come as integer steps on a 1e-5 degree grid
  // a ring of ground as flat [lng, lat, lng, lat, ...] degrees with its bounds: no object per
  // point until it is projected
  function decodeFlat(steps) {
    var n = steps.length, out = new Float64Array(n), x = 0, y = 0;
    var w = Infinity, s = Infinity, e = -Infinity, nn = -Infinity;
    for (var k = 0; k < n; k += 2) {
      x += steps[k]; y += steps[k + 1];
      var lng = x / SCALE, lat = y / SCALE;
      out[k] = lng; out[k + 1] = lat;
      if (lng < w) { w = lng; } if (lng > e) { e = lng; } if (lat < s) { s = lat; } if (lat > nn) { nn = lat; }
    }
    out.llb = L.latLngBounds([s, w], [nn, e]);
    out.points = n / 2;
    return out;
  }
  function decode(steps) {  // as Leaflet's LatLngs, for lines
    var flat = decodeFlat(steps), out = new Array(flat.points);
    for (var j = 0; j < flat.points; j++) { out[j] = L.latLng(flat[2 * j + 1], flat[2 * j]); }
    return out;
  }

  // -- popups stay clear of the panels ----------------------------------------------------
  var panel = document.getElementById("fl-panel"), side = document.getElementById("fl-side");
  var popupPadding = null;
  function popupOptions() {  // the panel's height is read once: reading it forces a layout
    if (popupPadding === null) { popupPadding = panel.offsetHeight + 30; }
    return {maxWidth: Math.min(320, window.innerWidth - 60), autoPanPaddingTopLeft: L.point(10, 50),
            autoPanPaddingBottomRight: L.point(10, popupPadding)};
  }
  var legendWasOpen = null;
  if (window.innerWidth < 700 || window.innerHeight < 560) { side.open = false; }
  map.on("popupopen", function () {  // the legend folds away while a popup is open
    if (legendWasOpen === null) { legendWasOpen = side.open; }
    side.open = false;
  });
  map.on("popupclose", function () {
    setTimeout(function () {
      if (!map._popup || !map.hasLayer(map._popup)) {
        if (legendWasOpen) { side.open = true; }
        legendWasOpen = null;
      }
    }, 0);
  });

  // -- context: tiles if reachable, borders, admin-1 lines, names -----------------------------
  if (frontlineTiles.url) {
    L.tileLayer(frontlineTiles.url, {maxZoom: 18, attribution: frontlineTiles.attribution})
      .addTo(map);
  }
  map.attributionControl.addAttribution("GeoNames (CC BY 4.0), Natural Earth");
  // Leaflet's padding: a canvas of 1.2 times the view each way (at 1.6 the first frame filled
  // and composited 1.8 times the pixels, ~30 ms more; a drag shows its edge sooner)
  var canvas = L.canvas({padding: 0.1});
  // a side's ground is one shape (one path, non-zero fill): no seams, no outlines of pieces
  var pieces = D.territory.map(function (t) {
    var rings = t.g.map(decodeFlat), b = L.latLngBounds([]);
    var points = 0;
    rings.forEach(function (r) { b.extend(r.llb); points += r.points; });
    return {h: t.h, a: t.a, rings: rings, bounds: b, points: points};
  });
  // a side's shape reuses each ring's projected points while the zoom stays: a step
  // re-projects nothing, it only regroups rings that are already on the screen's grid
  var Ground = L.Polygon.extend({
    _setLatLngs: function (rings) {
      this._bounds = L.latLngBounds([]);
      this._latlngs = rings;
      for (var i = 0; i < rings.length; i++) { this._bounds.extend(rings[i].llb); }
    },
    _projectLatlngs: function (rings, result, pxBounds) {
      var m = this._map, o = m.getPixelOrigin(), z = m.getZoom(), key = z + "/" + o.x + "/" + o.y;
      var mercator = m.options.crs === L.CRS.EPSG3857, scale = 256 * Math.pow(2, z);
      for (var i = 0; i < rings.length; i++) {
        var r = rings[i];
        if (r.key !== key) {
          // whole pixels, and a point on the same pixel as the one before it is left out: at
          // the theatre's zoom most of a detailed outline falls on a few pixels
          var px = [], x0 = NaN, y0 = NaN;
          for (var j = 0; j < r.points; j++) {
            var lng = r[2 * j], lat = r[2 * j + 1], x, y;
            if (mercator) {  // latLngToLayerPoint's arithmetic, without its temporary objects
              var s = Math.sin(Math.max(Math.min(lat, 85.0511287798), -85.0511287798) * Math.PI / 180);
              x = Math.round(scale * (0.5 + lng / 360)) - o.x;
              y = Math.round(scale * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI))) - o.y;
            } else { var q = m.latLngToLayerPoint([lat, lng]); x = Math.round(q.x); y = Math.round(q.y); }
            if (x !== x0 || y !== y0) { px.push(L.point(x, y)); x0 = x; y0 = y; }
          }
          r.px = px.length > 2 ? px : null;  // a ring within a pixel or two draws nothing
          r.pxb = r.px ? L.bounds(px) : null; r.key = key;
        }
        if (r.px) { result.push(r.px); pxBounds.extend(r.pxb.min); pxBounds.extend(r.pxb.max); }
      }
    }
  });
  // one path per side and state, or a few on a long scenario: a browser fills a path of
  // hundreds of thousands of points slowly, so a side's rings go in paths of at most
  // D.pathPoints points (a faint seam may show where two such paths meet)
  var total = 0;
  pieces.forEach(function (p) { total += p.points; });
  var pool = Math.max(1, Math.ceil(total / D.pathPoints));
  var shapes = {};
  // base: held; soft: held where only a rate placed it or only a claim says so (lighter);
  // hot: gained on the day shown (or between the two days compared)
  var OPACITY = {base: 0.35, soft: 0.16, hot: 0.85};
  ["base", "soft", "hot"].forEach(function (state) {
    D.sides.forEach(function (s) {
      shapes[s.id + ":" + state] = [];
      for (var c = 0; c < pool; c++) {
        var g = new Ground([], {
          // noClip: the rings go to the canvas whole (clipping them to the view cost more
          // than drawing the parts outside it: ~60 ms of a first draw)
          renderer: canvas, smoothFactor: 0, fillRule: "nonzero", stroke: false, noClip: true,
          fillColor: s.colour, fillOpacity: OPACITY[state],
          className: "fl-ground-" + s.id + "-" + state}).addTo(map);
        g.sig = "";
        g.on("click", function (ev) { groundPopup(ev.latlng); });
        shapes[s.id + ":" + state].push(g);
      }
    });
  });
  function multiLine(parts, style) {
    return L.polyline(parts.map(decode), L.extend({renderer: canvas, interactive: false}, style));
  }
  D.regions.length && multiLine(D.regions, {color: "#777", weight: 1, dashArray: "2 4",
                                            smoothFactor: 1}).addTo(map);
  D.borders.forEach(function (b) {
    multiLine(b, {color: "#444", weight: 1.2, dashArray: "6 4"}).addTo(map);
  });
  // an item shown on some days: its layer is made (decoded) the first time it is shown
  function lazy(list, make) {
    return (list || []).map(function (f) {
      var item = {p: f, made: null};
      Object.defineProperty(item, "layer", {get: function () {
        if (!item.made) { item.made = make(f); }
        return item.made;
      }});
      return item;
    });
  }
  var frontGroup = L.layerGroup().addTo(map);
  var fronts = lazy(D.fronts, function (f) {
    return multiLine(f.g, {color: "#111", weight: 2.5, smoothFactor: 0.5});
  });
  // where the front may be: the band's outline, off until the legend's box is ticked
  var bandGroup = L.layerGroup();
  var band = lazy(D.band, function (f) {
    return multiLine(f.g, {color: "#333", weight: 1.2, opacity: 0.7, dashArray: "4 3",
                           className: "fl-band", smoothFactor: 0.5});
  });
  // contested ground: grey, where fighting reports put the fighting (on unless unticked)
  var contestedGroup = L.layerGroup().addTo(map);
  var contestedRuns = lazy(D.contested, function (f) {
    return L.polygon(f.g.map(decode), {renderer: canvas, interactive: false, stroke: false,
                                       fillColor: "#777", fillOpacity: 0.45,
                                       className: "fl-contested"});
  });

  function entryOn(h, i) {
    for (var k = 0; k < h.length; k++) { if (h[k][1] <= i && i <= h[k][2]) { return h[k]; } }
    return null;
  }
  function inside(piece, ll) {
    if (!piece.bounds.contains(ll)) { return false; }
    var lat = ll.lat, lng = ll.lng, odd = false;
    piece.rings.forEach(function (r) {  // flat [lng, lat, ...]
      for (var i = 0, j = r.points - 1; i < r.points; j = i++) {
        var ax = r[2 * i], ay = r[2 * i + 1], bx = r[2 * j], by = r[2 * j + 1];
        if ((ay > lat) !== (by > lat) && lng < (bx - ax) * (lat - ay) / (by - ay) + ax) { odd = !odd; }
      }
    });
    return odd;
  }
  function groundPopup(ll) {
    var piece = null;
    for (var k = 0; k < pieces.length && !piece; k++) { if (inside(pieces[k], ll)) { piece = pieces[k]; } }
    if (!piece) { return; }
    var e = entryOn(piece.h, current), box = el("div", null, "fl-popup");
    if (!e) { return; }
    box.appendChild(el("h4", "Held by " + sideName(e[0])));
    box.appendChild(el("div", e[1] === 0 ? "since the baseline (" + days[0] + ")"
                                         : "since " + days[e[1]]));
    if (e[2] < last) { box.appendChild(el("div", "until " + days[e[2]])); }
    var basis = {reported: "reported: a report of the place or region put it there",
                 claimed: "claimed: its reports are marked unconfirmed",
                 modelled: "modelled: placed by an advance rate, no report names it"}[e[5]];
    if (basis) { box.appendChild(el("div", "Basis: " + basis)); }
    if (compare !== null) {
      var then = entryOn(piece.h, compare);
      if (then && then[0] !== e[0]) {
        box.appendChild(el("div", "held by " + sideName(then[0]) + " on " + days[compare]));
      }
    }
    var ids = splitIds(e[3]);
    if (ids.length) {
      box.appendChild(el("div", e[4] && e[4] !== "baseline"
        ? "Changed hands by " + e[4].replace("_", " ") + "; reports:" : "Reports:"));
      box.appendChild(reportList(ids));
    }
    L.popup(popupOptions()).setLatLng(ll).setContent(box).openOn(map);
  }
  var changes = {};
  function styleTerritory(i) {
    var groups = {};
    changes = {};
    Object.keys(shapes).forEach(function (k) { groups[k] = []; });
    pieces.forEach(function (p, n) {
      var e = entryOn(p.h, i);
      if (!e) { return; }
      var hot;
      if (compare !== null) {
        var then = entryOn(p.h, compare);
        hot = !!then && then[0] !== e[0];
        if (hot) {
          var gainer = compare < i ? e[0] : then[0];
          changes[gainer] = (changes[gainer] || 0) + p.a;
        }
      } else { hot = e[1] === i && i > 0; }
      var soft = !hot && (e[5] === "modelled" || e[5] === "claimed");
      var key = e[0] + (hot ? ":hot" : soft ? ":soft" : ":base");
      if (!groups[key]) { return; }
      var chunks = groups[key], last = chunks[chunks.length - 1];
      if (!last || (last.points >= D.pathPoints && chunks.length < pool)) {
        last = {rings: [], points: 0, ids: []}; chunks.push(last);
      }
      Array.prototype.push.apply(last.rings, p.rings);
      last.points += p.points; last.ids.push(n);
    });
    Object.keys(shapes).forEach(function (k) {
      shapes[k].forEach(function (g, c) {
        var chunk = groups[k][c], sig = chunk ? chunk.ids.join(",") : "";
        if (sig !== g.sig) { g.sig = sig; g.setLatLngs(chunk ? chunk.rings : []); }
      });
    });
  }

  // -- names: by zoom, the most important first, none on top of another ----------------------
  var labelPane = map.createPane("fl-labels");
  labelPane.style.zIndex = 620; labelPane.style.pointerEvents = "none";
  var labels = D.labels.map(function (l) {
    return {name: l[0], ll: L.latLng(l[2] / SCALE, l[1] / SCALE), zoom: l[3], report: l[4] === 1,
            span: null, w: l[0].length * (l[3] === 0 ? 7.2 : 6.2) + 8};
  });
  // names are plain elements in one box, placed by left/top on the map's layer grid: a marker
  // each (a composited layer each) made the first frame ~60 ms slower; hidden while zooming
  var labelBox = L.DomUtil.create("div", "fl-labels leaflet-zoom-hide", labelPane);
  function labelSpan(l) {
    // centred on its place; a report's place from its dot
    return el("span", l.name, "fl-label" + (l.report ? " fl-report" : "") +
              (!l.report && l.zoom === 0 ? " fl-big" : ""));
  }
  function placeLabels() {
    var z = map.getZoom(), view = map.getBounds().pad(0.05), boxes = [];
    function free(b) {
      for (var k = 0; k < boxes.length; k++) {
        var q = boxes[k];
        if (b[0] < q[2] && b[2] > q[0] && b[1] < q[3] && b[3] > q[1]) { return false; }
      }
      return true;
    }
    labels.forEach(function (l) {
      var on = false;
      if (z >= l.zoom && view.contains(l.ll)) {
        var p = map.latLngToContainerPoint(l.ll);
        var b = l.report ? [p.x - 4, p.y - 7, p.x + l.w, p.y + 7]
                         : [p.x - l.w / 2, p.y - 7, p.x + l.w / 2, p.y + 7];
        on = l.report || free(b);
        if (on) { boxes.push(b); }
      }
      if (on) {
        if (!l.span) { l.span = labelSpan(l); labelBox.appendChild(l.span); }
        var at = map.latLngToLayerPoint(l.ll);
        l.span.style.left = at.x + "px"; l.span.style.top = at.y + "px";
      } else if (l.span) { labelBox.removeChild(l.span); l.span = null; }
    });
  }
  map.on("zoomend moveend", placeLabels);

  // the few markers stay SVG (clickable, each its own element)
  var markerRenderer = L.svg({padding: 0.5});
  var events = D.events.map(function (e) {
    var style = {capture: "#000", withdrawal: "#555", deployment: "#7d3c98",
                 siege: "#b9770e", advance: "#1e8449", fighting: "#d35400"}[e.kind] || "#000";
    var slug = (e.place || e.as_reported || "").toLowerCase().replace(/[^a-z0-9]+/g, "-");
    var front = e.kind === "advance" || e.kind === "fighting";
    var m = L.circleMarker([e.lat, e.lon], {radius: front ? 6 : 7, color: style, weight: 3,
                                            dashArray: front ? "3 3" : null,
                                            renderer: markerRenderer,
                                            fillColor: colour(e.holder), fillOpacity: 0.9,
                                            className: "fl-event fl-" + e.kind + " fl-ev-" + slug});
    // the popup is bound at the first click: its padding reads the panel's height, and
    // reading a height while the page is being built forces a layout (~10 ms of a first draw)
    function content() {
      var box = el("div", null, "fl-popup");
      var name = e.place || e.as_reported;
      if (e.as_reported && e.place && e.as_reported !== e.place) {
        name = e.as_reported + " -> " + e.place;
      }
      var verb = {capture: "captured by", withdrawal: "abandoned by",
                  deployment: "deployment with", advance: "advance near it by",
                  fighting: e.side ? "fighting there, attacked by" : "fighting there",
                  siege: e.encircled ? "encircled by" : "besieged by"}[e.kind] || e.kind;
      box.appendChild(el("h4", name));
      box.appendChild(el("div", e.date + ": " + verb + (e.side ? " " + sideName(e.side) : "")));
      if (e.force) { box.appendChild(el("div", e.force)); }
      box.appendChild(reportList(e.reports));
      return box;
    }
    m.on("click", function () {
      if (!m.getPopup()) { m.bindPopup(content, popupOptions()).openPopup(); }
    });
    return {p: e, layer: m};
  });
  var eventGroup = L.layerGroup().addTo(map);
  function show(group, items, test) {
    items.forEach(function (it) {
      var on = test(it.p);
      if (!on && it.made === null) { return; }  // never shown: nothing to remove
      var has = group.hasLayer(it.layer);
      if (on && !has) { group.addLayer(it.layer); } else if (!on && has) { group.removeLayer(it.layer); }
    });
  }

  // -- legend, chart, rates ------------------------------------------------------------------
  var legend = document.getElementById("fl-legend"), hotLabel = null;
  D.sides.forEach(function (s) {
    var row = el("div", null, "fl-key"), sw = el("span", null, "fl-swatch");
    sw.style.background = s.colour; sw.style.opacity = 0.6;
    row.appendChild(sw); row.appendChild(el("span", s.name)); legend.appendChild(row);
  });
  (function () {  // the lighter fill: what only a rate or a claim put there
    var row = el("div", null, "fl-key"), sw = el("span", null, "fl-swatch");
    sw.style.background = D.sides.length ? D.sides[0].colour : "#888"; sw.style.opacity = 0.25;
    row.appendChild(sw);
    row.appendChild(el("span", "lighter: placed by a rate (modelled) or only claimed"));
    legend.appendChild(row);
  })();
  [["fl-swatch", "ground gained on this day"], ["fl-line", "front line"],
   ["fl-dot", "capture, withdrawal, deployment or siege"],
   ["fl-dot fl-dot-front", "advance or fighting (shown for a week)"]].forEach(function (k, n) {
    var row = el("div", null, "fl-key"), sw = el("span", null, k[0]), text = el("span", k[1]);
    if (n === 0) { sw.style.background = "#555"; hotLabel = text; }
    row.appendChild(sw); row.appendChild(text); legend.appendChild(row);
  });
  // a layer a box in the legend shows or hides
  function toggleKey(id, group, swatch, text, on) {
    var row = el("label", null, "fl-key"), box = el("input");
    box.type = "checkbox"; box.id = id; box.checked = on;
    box.addEventListener("change", function () {
      if (box.checked) { group.addTo(map); go(current, true); } else { map.removeLayer(group); }
    });
    row.appendChild(box); row.appendChild(swatch); row.appendChild(el("span", text));
    legend.appendChild(row);
  }
  if (contestedRuns.length) {
    var grey = el("span", null, "fl-swatch");
    grey.style.background = "#777"; grey.style.opacity = 0.45;
    toggleKey("fl-contested-toggle", contestedGroup, grey,
              "contested: fighting reported near (a week)", true);
  }
  if (band.length) {
    toggleKey("fl-band-toggle", bandGroup, el("span", null, "fl-line fl-band"),
              "where the front may be (narrow where reports pin it)", false);
  }
  var svg = document.getElementById("fl-chart"), NS = "http://www.w3.org/2000/svg";
  var W = 260, H = 110, pad = 22, cursor = null;
  (function drawChart() {
    var series = Object.keys(D.areas).map(function (id) {
      var a = D.areas[id]; return {id: id, v: a.map(function (x) { return x - a[0]; })};
    });
    var lo = 0, hi = 0;
    series.forEach(function (s) { s.v.forEach(function (x) { lo = Math.min(lo, x); hi = Math.max(hi, x); }); });
    if (hi === lo) { hi = lo + 1; }
    function X(i) { return pad + (W - pad - 4) * (last ? i / last : 0); }
    function Y(v) { return 8 + (H - 26) * (1 - (v - lo) / (hi - lo)); }
    var title = document.createElementNS(NS, "text");
    title.setAttribute("x", 2); title.setAttribute("y", H - 2); title.setAttribute("font-size", "10");
    title.textContent = "change in area since " + days[0] + " (km²)"; svg.appendChild(title);
    var zero = document.createElementNS(NS, "line");
    zero.setAttribute("x1", pad); zero.setAttribute("x2", W - 4);
    zero.setAttribute("y1", Y(0)); zero.setAttribute("y2", Y(0)); zero.setAttribute("stroke", "#aaa");
    svg.appendChild(zero);
    [hi, lo].forEach(function (v) {
      var t = document.createElementNS(NS, "text");
      t.setAttribute("x", 0); t.setAttribute("y", Y(v) + 3); t.setAttribute("font-size", "9");
      t.textContent = (v > 0 ? "+" : "") + Math.round(v); svg.appendChild(t);
    });
    series.forEach(function (s) {
      var path = document.createElementNS(NS, "polyline");
      path.setAttribute("points", s.v.map(function (v, i) { return X(i) + "," + Y(v); }).join(" "));
      path.setAttribute("fill", "none"); path.setAttribute("stroke", colour(s.id));
      path.setAttribute("stroke-width", "2"); svg.appendChild(path);
    });
    cursor = document.createElementNS(NS, "line");
    cursor.setAttribute("y1", 4); cursor.setAttribute("y2", H - 16);
    cursor.setAttribute("stroke", "#000"); cursor.setAttribute("stroke-dasharray", "2 2");
    svg.appendChild(cursor);
    cursor.X = X;
  })();
  var rates = document.getElementById("fl-rates");
  if (D.rates.length) {
    var head = el("tr");
    ["month", "side", "in", "km²/day", "reported"].forEach(function (h) { head.appendChild(el("th", h)); });
    rates.appendChild(head);
    D.rates.forEach(function (r) {
      var tr = el("tr");
      [r.month, r.side, r.country, (r.modelled > 0 ? "+" : "") + r.modelled.toFixed(2),
       r.reported === null ? "" : r.reported.toFixed(2)]
        .forEach(function (v) { tr.appendChild(el("td", v)); });
      rates.appendChild(tr);
    });
  }

  // -- time, comparison and the address ----------------------------------------------------------
  var slider = document.getElementById("fl-slider"), label = document.getElementById("fl-date");
  var playButton = document.getElementById("fl-play"), picker = document.getElementById("fl-compare");
  var changesText = document.getElementById("fl-changes");
  days.forEach(function (d, i) { var o = el("option", d); o.value = String(i); picker.appendChild(o); });
  slider.max = last;
  var ready = false;
  function writeHash() {
    if (!ready || !window.history || !history.replaceState) { return; }
    var c = map.getCenter(), parts = ["d=" + days[current]];
    if (compare !== null) { parts.push("c=" + days[compare]); }
    parts.push("v=" + map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4));
    history.replaceState(null, "", "#" + parts.join("&"));
  }
  function describeChanges() {
    if (compare === null) { changesText.textContent = ""; hotLabel.textContent = "ground gained on this day"; return; }
    var a = Math.min(compare, current), b = Math.max(compare, current);
    hotLabel.textContent = "changed hands between " + days[a] + " and " + days[b];
    var text = D.sides.map(function (s) { return s.name + " +" + km2(changes[s.id] || 0); });
    changesText.textContent = days[a] + " → " + days[b] + ": " + text.join(", ");
  }
  function go(i, keepHash) {
    current = Math.max(0, Math.min(last, i));
    slider.value = current;
    label.textContent = days[current];
    styleTerritory(current);
    describeChanges();
    show(frontGroup, fronts, function (p) { return p.from <= current && current <= p.to; });
    if (map.hasLayer(contestedGroup)) {
      show(contestedGroup, contestedRuns, function (p) { return p.from <= current && current <= p.to; });
    }
    if (map.hasLayer(bandGroup)) {
      show(bandGroup, band, function (p) { return p.from <= current && current <= p.to; });
    }
    show(eventGroup, events, function (p) { return p.day <= current && current <= p.until; });
    if (cursor) { var x = cursor.X(current); cursor.setAttribute("x1", x); cursor.setAttribute("x2", x); }
    if (!keepHash) { writeHash(); }
    document.body.setAttribute("data-date", days[current]);
  }
  function pickCompare(j) {
    compare = (j === null || j === undefined || j < 0 || j > last) ? null : j;
    picker.value = compare === null ? "" : String(compare);
  }
  function setCompare(j) { pickCompare(j); go(current); }
  function parseHash() {
    var text = decodeURIComponent((location.hash || "").slice(1)), out = {d: null, c: null, v: null};
    if (/^\d{4}-\d\d-\d\d$/.test(text)) { text = "d=" + text; }
    text.split("&").forEach(function (kv) {
      var k = kv.slice(0, 2), v = kv.slice(2);
      if (k === "d=" || k === "c=") {
        var i = days.indexOf(v); if (i >= 0) { out[k[0]] = i; }
      } else if (k === "v=") {
        var z = v.split("/").map(Number);
        if (z.length === 3 && z.every(isFinite)) { out.v = z; }
      }
    });
    return out;
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } playButton.textContent = "\u25B6"; playButton.setAttribute("aria-pressed", "false"); }
  function play() {
    if (timer) { stop(); return; }
    if (current >= last) { go(0); }
    playButton.textContent = "\u2016"; playButton.setAttribute("aria-pressed", "true");
    timer = setInterval(function () { if (current >= last) { stop(); } else { go(current + 1); } }, 350);
  }
  slider.addEventListener("input", function () { stop(); go(parseInt(slider.value, 10)); });
  picker.addEventListener("change", function () {
    setCompare(picker.value === "" ? null : parseInt(picker.value, 10));
  });
  document.getElementById("fl-first").addEventListener("click", function () { stop(); go(0); });
  document.getElementById("fl-last").addEventListener("click", function () { stop(); go(last); });
  document.getElementById("fl-prev").addEventListener("click", function () { stop(); go(current - 1); });
  document.getElementById("fl-next").addEventListener("click", function () { stop(); go(current + 1); });
  playButton.addEventListener("click", play);
  document.addEventListener("keydown", function (ev) {
    if (ev.target === slider || ev.target === picker) { return; }
    if (ev.key === "ArrowLeft") { stop(); go(current - 1); ev.preventDefault(); }
    else if (ev.key === "ArrowRight") { stop(); go(current + 1); ev.preventDefault(); }
    else if (ev.key === "Home") { stop(); go(0); ev.preventDefault(); }
    else if (ev.key === "End") { stop(); go(last); ev.preventDefault(); }
    else if (ev.key === " ") { play(); ev.preventDefault(); }
  });
  function restore(h) {
    if (h.v) { map.setView([h.v[1], h.v[2]], h.v[0], {animate: false}); }
    pickCompare(h.c);
    go(h.d === null ? current : h.d, true);
  }
  window.addEventListener("hashchange", function () { stop(); restore(parseHash()); });
  map.on("moveend", writeHash);
  var b = D.bounds, start = parseHash();
  // no animation: the map opens on the theatre at once, and nothing moves under the first click
  if (!start.v) { map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {animate: false}); }
  restore(start);
  placeLabels();
  ready = true;
  if (location.hash) { writeHash(); }
  window.frontline = {go: go, compare: setCompare, days: days, map: map,
                      current: function () { return current; },
                      compared: function () { return compare; },
                      changes: function () { return L.extend({}, changes); }};
})();
