(function () {
  "use strict";
  var map = frontlineMap;
  var D = JSON.parse(document.getElementById("frontline-data").textContent);
  var days = D.days, last = days.length - 1, current = 0, timer = null;
  var sides = {};
  D.sides.forEach(function (s) { sides[s.id] = s; });

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

  // -- layers -----------------------------------------------------------------------------
  if (frontlineTiles.url) {
    L.tileLayer(frontlineTiles.url, {maxZoom: 18, attribution: frontlineTiles.attribution})
      .addTo(map);
  }
  map.attributionControl.addAttribution("GeoNames (CC BY 4.0), Natural Earth");
  var visible = {fronts: L.layerGroup().addTo(map), events: L.layerGroup().addTo(map)};
  // ground and fronts are drawn on a canvas (fast to restyle); the few markers stay SVG
  var markerRenderer = L.svg({padding: 0.5});

  // each piece of ground is drawn once; its history says who holds it on a day
  function entryOn(h, i) {
    for (var k = 0; k < h.length; k++) { if (h[k][1] <= i && i <= h[k][2]) { return h[k]; } }
    return null;
  }
  function territoryPopup(h) {
    var e = entryOn(h, current), box = el("div", null, "fl-popup");
    if (!e) { return box; }
    box.appendChild(el("h4", "Held by " + sideName(e[0])));
    box.appendChild(el("div", e[1] === 0 ? "since the baseline (" + days[0] + ")"
                                         : "since " + days[e[1]]));
    if (e[2] < last) { box.appendChild(el("div", "until " + days[e[2]])); }
    var ids = splitIds(e[3]);
    if (ids.length) {
      box.appendChild(el("div", e[4] && e[4] !== "baseline"
        ? "Changed hands by " + e[4].replace("_", " ") + "; reports:" : "Reports:"));
      box.appendChild(reportList(ids));
    }
    return box;
  }
  var territoryGroup = L.featureGroup().addTo(map);
  var territory = D.territory.features.map(function (f) {
    var h = f.properties.h;
    // a side's ground is one shape: pieces held earlier have no outline of their own (the
    // front line is drawn on top); only the day's gains are outlined
    var layer = L.geoJSON(f, {style: {weight: 0}});
    layer.bindPopup(function () { return territoryPopup(h); });
    territoryGroup.addLayer(layer);
    return {h: h, layer: layer, key: null};
  });
  function styleTerritory(i) {
    territory.forEach(function (t) {
      var e = entryOn(t.h, i), gained = e && e[1] === i && i > 0;
      var key = e ? e[0] + (gained ? "+" : "") : "-";
      if (key === t.key) { return; }
      t.key = key;
      if (!e) { t.layer.setStyle({opacity: 0, fillOpacity: 0}); return; }
      var c = colour(e[0]);
      t.layer.setStyle(gained
        ? {color: "#000", weight: 1.2, opacity: 1, fillColor: c, fillOpacity: 0.85}
        : {color: c, weight: 0, opacity: 0, fillColor: c, fillOpacity: 0.35});
    });
  }
  var fronts = D.fronts.features.map(function (f) {
    return {p: f.properties, layer: L.geoJSON(f, {style: {color: "#111", weight: 2.5}})};
  });
  L.geoJSON(D.borders, {style: {color: "#444", weight: 1.2, dashArray: "6 4", fill: false},
                        interactive: false}).addTo(map);
  D.places.features.forEach(function (f) {
    var c = f.geometry.coordinates;
    var m = L.circleMarker([c[1], c[0]], {radius: 3, color: "#222", weight: 1, fillOpacity: 1,
                                          interactive: false});
    m.bindTooltip(el("span", f.properties.name), {permanent: true, direction: "right",
                                                  className: "fl-label"});
    m.addTo(map);
  });
  var events = D.events.map(function (e) {
    var style = {capture: "#000", withdrawal: "#555", deployment: "#7d3c98"}[e.kind] || "#000";
    var slug = (e.place || e.as_reported || "").toLowerCase().replace(/[^a-z0-9]+/g, "-");
    var m = L.circleMarker([e.lat, e.lon], {radius: 7, color: style, weight: 3,
                                            renderer: markerRenderer,
                                            fillColor: colour(e.holder), fillOpacity: 0.9,
                                            className: "fl-event fl-" + e.kind + " fl-ev-" + slug});
    m.bindPopup(function () {
      var box = el("div", null, "fl-popup");
      var name = e.place || e.as_reported;
      if (e.as_reported && e.place && e.as_reported !== e.place) {
        name = e.as_reported + " -> " + e.place;
      }
      var verb = {capture: "captured by", withdrawal: "abandoned by",
                  deployment: "deployment with"}[e.kind] || e.kind;
      box.appendChild(el("h4", name));
      box.appendChild(el("div", e.date + ": " + verb + " " + sideName(e.side)));
      if (e.force) { box.appendChild(el("div", e.force)); }
      box.appendChild(reportList(e.reports));
      return box;
    });
    return {p: e, layer: m};
  });

  function show(group, items, test) {
    items.forEach(function (it) {
      var on = test(it.p), has = group.hasLayer(it.layer);
      if (on && !has) { group.addLayer(it.layer); } else if (!on && has) { group.removeLayer(it.layer); }
    });
  }

  // -- legend, chart, rates ------------------------------------------------------------------
  var legend = document.getElementById("fl-legend");
  D.sides.forEach(function (s) {
    var row = el("div", null, "fl-key"), sw = el("span", null, "fl-swatch");
    sw.style.background = s.colour; row.appendChild(sw); row.appendChild(el("span", s.name));
    legend.appendChild(row);
  });
  [["fl-swatch", "ground gained on this day"], ["fl-line", "front line"],
   ["fl-dot", "capture, withdrawal or deployment"]].forEach(function (k) {
    var row = el("div", null, "fl-key"), sw = el("span", null, k[0]);
    if (k[0] === "fl-swatch") { sw.style.borderStyle = "dashed"; }
    row.appendChild(sw); row.appendChild(el("span", k[1])); legend.appendChild(row);
  });
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
    ["month", "side", "in", "modelled km²/day", "reported"].forEach(function (h) { head.appendChild(el("th", h)); });
    rates.appendChild(head);
    D.rates.forEach(function (r) {
      var tr = el("tr");
      [r.month, r.side, r.country, (r.modelled > 0 ? "+" : "") + r.modelled.toFixed(2),
       r.reported === null ? "" : r.reported.toFixed(2)]
        .forEach(function (v) { tr.appendChild(el("td", v)); });
      rates.appendChild(tr);
    });
  }

  // -- time ---------------------------------------------------------------------------------------
  var slider = document.getElementById("fl-slider"), label = document.getElementById("fl-date");
  var playButton = document.getElementById("fl-play");
  slider.max = last;
  function go(i, fromHash) {
    current = Math.max(0, Math.min(last, i));
    slider.value = current;
    label.textContent = days[current];
    styleTerritory(current);
    show(visible.fronts, fronts, function (p) { return p.from <= current && current <= p.to; });
    show(visible.events, events, function (p) { return p.day <= current; });
    if (cursor) { var x = cursor.X(current); cursor.setAttribute("x1", x); cursor.setAttribute("x2", x); }
    if (!fromHash && window.history && history.replaceState) {
      history.replaceState(null, "", "#" + days[current]);
    }
    document.body.setAttribute("data-date", days[current]);
  }
  function fromHash() {
    var i = days.indexOf(decodeURIComponent((location.hash || "").slice(1)));
    return i >= 0 ? i : null;
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } playButton.textContent = "\u25B6"; playButton.setAttribute("aria-pressed", "false"); }
  function play() {
    if (timer) { stop(); return; }
    if (current >= last) { go(0); }
    playButton.textContent = "\u2016"; playButton.setAttribute("aria-pressed", "true");
    timer = setInterval(function () { if (current >= last) { stop(); } else { go(current + 1); } }, 350);
  }
  slider.addEventListener("input", function () { stop(); go(parseInt(slider.value, 10)); });
  document.getElementById("fl-first").addEventListener("click", function () { stop(); go(0); });
  document.getElementById("fl-last").addEventListener("click", function () { stop(); go(last); });
  document.getElementById("fl-prev").addEventListener("click", function () { stop(); go(current - 1); });
  document.getElementById("fl-next").addEventListener("click", function () { stop(); go(current + 1); });
  playButton.addEventListener("click", play);
  document.addEventListener("keydown", function (ev) {
    if (ev.target === slider) { return; }
    if (ev.key === "ArrowLeft") { stop(); go(current - 1); ev.preventDefault(); }
    else if (ev.key === "ArrowRight") { stop(); go(current + 1); ev.preventDefault(); }
    else if (ev.key === "Home") { stop(); go(0); ev.preventDefault(); }
    else if (ev.key === "End") { stop(); go(last); ev.preventDefault(); }
    else if (ev.key === " ") { play(); ev.preventDefault(); }
  });
  window.addEventListener("hashchange", function () { var i = fromHash(); if (i !== null) { stop(); go(i, true); } });
  var b = D.bounds;
  // no animation: the map opens on the theatre at once, and nothing moves under the first click
  map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {animate: false});
  var start = fromHash();
  go(start === null ? 0 : start, start !== null);
  window.frontline = {go: go, days: days, map: map, current: function () { return current; }};
})();
