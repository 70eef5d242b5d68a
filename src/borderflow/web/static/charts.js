/* Interactive charts over the server-rendered ones (progressive enhancement).
 *
 * Each <figure class="ichart"> holds the server's SVG chart, its table (in a
 * <details>) and a JSON block with the chart's data.  Without script the SVG
 * and the table are what the reader gets.  With it, this file draws the same
 * data with uPlot (vendored, served by the package) and adds: values on hover
 * (or with the arrow keys), a range choice and drag-to-zoom, a chart/table
 * switch, PNG/SVG/CSV downloads and a permalink: the view is kept in the URL's
 * fragment, so a reload or a shared link restores it.  The table follows the range
 * chosen (and says which rows it shows), as the CSV download does.
 *
 * No visible word is written here: every label comes from the JSON block the
 * server renders in the page (#chart-labels), so the pages can be translated.
 */
(function () {
  "use strict";

  var labelsNode = document.getElementById("chart-labels");
  if (!labelsNode || typeof uPlot === "undefined") { return; }
  var L = JSON.parse(labelsNode.textContent);
  var lang = document.documentElement.lang || "en";
  // the server's conventions in both languages: Spanish pages write numbers as Mexico does
  // (12,730 and 1,528, as en-US does), like their tables; the browser's "es" gave 12.730
  // and 1528 on the axis beside 12,730 in the table
  var numberFormat = new Intl.NumberFormat("en-US", {maximumFractionDigits: 0});
  var charts = [];

  function fmt(v) {
    return v === null || v === undefined || isNaN(v) ? L.none : numberFormat.format(v);
  }

  function fmtIn(series, v) { return fmt(v) + (series.scale === "pct" ? "%" : ""); }

  function text(template, n) { return template.replace("{n}", String(n)); }

  /* x values: months ("2023-08") and days ("2025-11-29") as UTC seconds; categories as 0..n-1 */
  function toX(spec, value, i) {
    if (spec.x === "category") { return i; }
    var p = value.split("-").map(Number);
    return Date.UTC(p[0], p[1] - 1, p.length > 2 ? p[2] : 1) / 1000;
  }

  function xLabel(spec, i) {
    var value = spec.xs[i];
    if (spec.x === "category") { return value; }
    var p = value.split("-").map(Number);
    var m = L.months[p[1] - 1] + " " + p[0];
    return p.length > 2 ? p[2] + " " + m : m;
  }

  function monthIndexOf(spec, key) {
    return spec.xs.indexOf(key);
  }

  /* ---- state in the URL fragment: <id>=<from>~<to> and <id>.view=table ---- */
  function readState() {
    return new URLSearchParams(window.location.hash.replace(/^#/, ""));
  }

  function writeState(chart) {
    var state = readState();
    var key = chart.spec.id;
    if (chart.range) { state.set(key, chart.range); } else { state.delete(key); }
    if (chart.view === "table") { state.set(key + ".view", "table"); } else { state.delete(key + ".view"); }
    var hash = state.toString();
    history.replaceState(null, "", window.location.pathname + window.location.search + (hash ? "#" + hash : ""));
    charts.forEach(function (c) { c.link.href = window.location.href; });
  }

  /* the bands the legend names ("95% interval"): upper edge's index -> name, lower, fill */
  function bandNames(spec) {
    var out = {};
    (spec.bands || []).forEach(function (b) {
      if (b[3]) { out[b[0]] = {name: b[3], lower: b[1], fill: b[2]}; }
    });
    return out;
  }

  /* category labels slant when there are many, or when the longest is wider than its
     column (three regions at 390 px ran into each other) */
  function slanted(spec, width) {
    if (spec.x !== "category") { return false; }
    if (spec.xs.length > 6) { return true; }
    var ctx = document.createElement("canvas").getContext("2d");
    ctx.font = AXIS_FONT;
    var widest = spec.xs.reduce(function (w, x) {
      return Math.max(w, ctx.measureText(x.length > 22 ? x.slice(0, 21) + "…" : x).width);
    }, 0);
    return widest + 8 > (width - 80) / Math.max(1, spec.xs.length);
  }

  /* uPlot's axis font */
  var AXIS_FONT = "12px system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";

  /* room on the right for half the last x label ("Jan 2027" is centred on the edge) */
  function rightPad(spec, width) {
    if (!spec.xs.length) { return 22; }
    var ctx = document.createElement("canvas").getContext("2d");
    if (spec.x === "category") {  /* a slanted last label runs right of its column's middle */
      if (!slanted(spec, width)) { return 22; }
      ctx.font = AXIS_FONT;
      var last = spec.xs[spec.xs.length - 1];
      last = last.length > 22 ? last.slice(0, 21) + "…" : last;
      var half = (width - 80) / spec.xs.length / 2;
      return Math.max(22, Math.ceil(Math.cos(40 * Math.PI / 180) * ctx.measureText(last).width - half) + 6);
    }
    ctx.font = AXIS_FONT;
    var widest = L.months.reduce(function (w, m) { return Math.max(w, ctx.measureText(m + " 0000").width); }, 0);
    return Math.max(22, Math.ceil(widest / 2) + 4);
  }

  /* ---- the uPlot options for one spec ---- */
  function uplotOptions(chart, width) {
    var spec = chart.spec;
    var series = [{label: spec.xlabel, value: function (u, v, s, i) { return i === null || i === undefined ? "" : xLabel(spec, i); }}];
    var named = bandNames(spec);
    spec.series.forEach(function (s, k) {
      var opt = {label: s.name, stroke: s.color, width: s.width || 1.6, scale: s.scale || "y",
                 value: function (u, v, k, i) { return i === null || i === undefined ? "" : v === null ? "–" : fmtIn(s, v); }, spanGaps: false,
                 points: {show: s.kind === "points"}};
      if (s.kind === "dash") { opt.dash = [6, 4]; }
      if (s.kind === "points") { opt.stroke = s.color; opt.width = 0; opt.points = {show: true, size: 7, fill: s.color, stroke: s.color}; opt.paths = function () { return null; }; }
      if (s.kind === "band") { opt.stroke = "transparent"; opt.width = 0; opt.points = {show: false}; }
      if (s.kind === "bar") { opt.fill = s.color; opt.paths = uPlot.paths.bars({size: [0.8, 40]}); opt.points = {show: false}; }
      if (s.kind === "step") { opt.paths = uPlot.paths.stepped({align: 1}); opt.width = 2; }
      if (s.kind === "band" && named[k]) {  /* the band's legend row: its name, low to high */
        var lower = spec.series[named[k].lower];
        opt.label = named[k].name;
        opt.value = function (u, v, j, i) {
          if (i === null || i === undefined) { return ""; }
          var lo = lower.values[i];
          return v === null || lo === null ? "–" : fmtIn(s, lo) + " – " + fmtIn(s, v);
        };
      }
      if (s.hidden) { opt.show = false; }
      series.push(opt);
    });
    var bands = (spec.bands || []).map(function (b) { return {series: [b[0] + 1, b[1] + 1], fill: b[2]}; });
    var yAxis = {scale: "y", values: function (u, vals) { return vals.map(fmt); },
                 size: function (u, vals) { return vals ? 18 + 7.5 * Math.max.apply(null, vals.map(function (v) { return v.length; })) : 50; }};
    var axes = [{
      values: spec.x === "category"
        ? function (u, vals) {
            return vals.map(function (v) {
              var name = Number.isInteger(v) && spec.xs[v] !== undefined ? spec.xs[v] : "";
              return name.length > 22 ? name.slice(0, 21) + "…" : name;  /* whole in the readout */
            });
          }
        : function (u, vals) {
            var years = vals.every(function (v) { return new Date(v * 1000).getUTCMonth() === 0; });
            return vals.map(function (v, k) {
              var d = new Date(v * 1000), m = L.months[d.getUTCMonth()];
              if (spec.x === "day") { return d.getUTCDate() + " " + m; }
              if (years) { return String(d.getUTCFullYear()); }
              return d.getUTCMonth() === 0 || k === 0 ? m + " " + d.getUTCFullYear() : m;
            });
          },
      rotate: slanted(spec, width) ? -40 : 0,
      size: slanted(spec, width)
        ? 24 + 5 * Math.min(22, Math.max.apply(null, spec.xs.map(function (x) { return x.length; }))) : 40,
      space: spec.x === "category" ? 14 : 60
    }, yAxis];
    var scales = {x: {time: spec.x !== "category"}, y: {auto: false, range: function (u, min, max) { return min === null || min === undefined ? yFit(chart) : [min, max]; }}};
    if (spec.series.some(function (s) { return s.scale === "pct"; })) {
      scales.pct = {range: [0, 100]};
      axes.push({scale: "pct", side: 1, size: 40, grid: {show: false}, values: function (u, vals) { return vals.map(function (v) { return v + "%"; }); }});
    }
    if (spec.x === "category") { scales.x.range = function (u, lo, hi) { return [lo - 0.5, hi + 0.5]; }; }
    return {
      width: width, height: Math.max(220, Math.min(380, Math.round(width * 0.5))),
      padding: [spec.events && spec.events.length ? 46 : 12, rightPad(spec, width), 0, 0],
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      series: series, bands: bands, axes: axes, scales: scales,
      cursor: {drag: {x: true, y: false, setScale: true}, points: {size: 8}},
      legend: {live: true},
      hooks: {
        setCursor: [function (u) { readout(chart, u.cursor.idx); }],
        setScale: [function (u, key) {
          if (key !== "x" || !chart.plot) { return; }
          fitY(chart);
          scaled(chart);
        }],
        setSeries: [function () { fitY(chart); }],
        draw: [function (u) { drawEvents(chart, u); }]
      }
    };
  }

  /* the y axis fits what is in view, leaving out lines marked "clip" (a 95% band
     may run off the top: its values stay in the readout and the table) */
  function yFit(chart) {
    var spec = chart.spec, v = chart.plot ? visible(chart) : [0, spec.xs.length - 1], hi = 0, lo = 0;
    if (!chart.plot && spec.window) {
      v = [Math.max(0, spec.xs.indexOf(spec.window[0])), Math.max(0, spec.xs.indexOf(spec.window[1]))];
    }
    spec.series.forEach(function (s, k) {
      if ((s.scale || "y") !== "y" || s.clip || (chart.plot && !chart.plot.series[k + 1].show)) { return; }
      for (var i = v[0]; i <= v[1]; i++) {
        var x = s.values[i];
        if (x !== null && x !== undefined) { hi = Math.max(hi, x); lo = Math.min(lo, x); }
      }
    });
    return [lo, hi > 0 ? hi * 1.08 : 1];
  }

  /* uPlot applies scales in a batch: a change asked for inside its hooks waits for the next */
  function fitY(chart) {
    Promise.resolve().then(function () {
      var y = yFit(chart), u = chart.plot;
      if (u.scales.y.min !== y[0] || u.scales.y.max !== y[1]) { u.setScale("y", {min: y[0], max: y[1]}); }
    });
  }

  /* policy events: dotted lines, labels staggered on three rows so they never overlap */
  function drawEvents(chart, u) {
    var events = chart.spec.events || [];
    if (!events.length) { return; }
    var ctx = u.ctx, top = u.bbox.top, ratio = window.devicePixelRatio || 1;
    var lastRight = [-1e9, -1e9, -1e9];
    ctx.save();
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.font = Math.round(11 * ratio) + "px system-ui, sans-serif";
    ctx.fillStyle = "#444";
    ctx.strokeStyle = "#999";
    ctx.setLineDash([2 * ratio, 3 * ratio]);
    var right = u.bbox.left + u.bbox.width, unlabelled = [];
    events.forEach(function (e) {
      var x = u.valToPos(toX(chart.spec, e.x, 0), "x", true);
      if (x < u.bbox.left || x > right) { return; }
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + u.bbox.height); ctx.stroke();
      var w = ctx.measureText(e.label).width, pad = 3 * ratio;
      /* near the right edge a label ends at its line; one that fits no row gets a number
         at the top of its line, and the key under the chart names it */
      var start = x + pad + w > right ? x - pad - w : x + pad, placed = false;
      for (var row = 0; row < 3; row++) {
        if (start > lastRight[row] && start >= u.bbox.left) {
          ctx.fillText(e.label, start, top - (4 + (2 - row) * 13) * ratio);
          lastRight[row] = start + w + 8 * ratio;
          placed = true;
          break;
        }
      }
      if (!placed) {
        unlabelled.push(e);
        var num = String(unlabelled.length), nw = ctx.measureText(num).width;
        ctx.save();
        ctx.setLineDash([]);
        ctx.fillStyle = "#fff";
        ctx.fillRect(x - nw / 2 - 2 * ratio, top + 1 * ratio, nw + 4 * ratio, 13 * ratio);
        ctx.fillStyle = "#444";
        ctx.fillText(num, x - nw / 2, top + 11 * ratio);
        ctx.restore();
      }
    });
    ctx.restore();
    if (chart.eventKey) {
      chart.eventKey.hidden = !unlabelled.length;
      chart.eventKey.textContent = unlabelled.length ? L.event_key + " " + unlabelled.map(function (e, k) {
        var at = chart.spec.xs.indexOf(e.x);
        return (k + 1) + " " + e.label + " (" + (at < 0 ? e.x : xLabel(chart.spec, at)) + ")";
      }).join("; ") : "";
    }
  }

  function readout(chart, idx) {
    if (idx === null || idx === undefined || !chart.plot) { return; }
    var spec = chart.spec;
    var parts = spec.series.map(function (s, k) {
      if (!chart.plot.series[k + 1].show) { return null; }
      var v = s.values[idx];
      return v === null || v === undefined ? null : s.name + " " + fmtIn(s, v);
    }).filter(Boolean);
    chart.idx = idx;
    (spec.events || []).forEach(function (e) { if (e.x === spec.xs[idx]) { parts.push(e.label); } });
    chart.readout.textContent = xLabel(spec, idx) + ": " + (parts.length ? parts.join(" · ") : L.none);
    chart.readout.dataset.idx = String(idx);
  }

  /* the indices [first, last] of the points inside the x scale */
  function visible(chart) {
    var u = chart.plot, xs = u.data[0], pad = barPad(chart.spec);
    var lo = u.scales.x.min + pad, hi = u.scales.x.max - pad, first = -1, last = -1;
    for (var i = 0; i < xs.length; i++) {
      if (xs[i] >= lo - 1e-9 && xs[i] <= hi + 1e-9) { if (first < 0) { first = i; } last = i; }
    }
    return first < 0 ? [0, xs.length - 1] : [first, last];
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? String(values[key]) : m; });
  }

  /* the table lists the rows in the chart's range, and says which (the script-free page's
     table, and the CSV of "All", keep every row) */
  function syncTable(chart, v) {
    var rows = chart.tableRows, n = rows.length;
    if (!n || n !== chart.spec.xs.length) { return; }
    for (var i = 0; i < n; i++) { rows[i].hidden = i < v[0] || i > v[1]; }
    var whole = v[0] === 0 && v[1] === n - 1;
    chart.tableNote.textContent = fill(whole ? L.table_all : L.table_range, {
      first: xLabel(chart.spec, v[0]), last: xLabel(chart.spec, v[1]),
      shown: numberFormat.format(v[1] - v[0] + 1), total: numberFormat.format(n), all: L.all});
  }

  function scaled(chart) {
    if (chart.applying || !chart.plot) { return; }
    var v = visible(chart);
    syncTable(chart, v);
    var whole = v[0] === 0 && v[1] === chart.spec.xs.length - 1;
    chart.range = whole ? "all" : chart.spec.xs[v[0]] + "~" + chart.spec.xs[v[1]];
    var preset = chart.presets.filter(function (p) { return p.range === chart.range; })[0];
    chart.select.value = preset ? preset.range : "custom";
    chart.customOption.hidden = !!preset;
    if (chart.range === chart.defaultRange) { chart.range = null; }
    writeState(chart);
  }

  function applyRange(chart, range) {
    var spec = chart.spec, first = 0, last = spec.xs.length - 1;
    if (range && range !== "all") {
      var ends = range.split("~");
      var a = monthIndexOf(spec, ends[0]), b = monthIndexOf(spec, ends[1]);
      if (a < 0 || b < 0 || b < a) { return false; }
      first = a; last = b;
    }
    var x = chart.plot.data[0], pad = barPad(spec);
    chart.plot.setScale("x", {min: x[first] - pad, max: x[last] + pad});
    return true;
  }

  /* columns need half a step beside the first and last, or they are cut in half */
  function barPad(spec) {
    if (spec.x === "category") { return 0.5; }
    var bars = spec.series.some(function (s) { return s.kind === "bar"; });
    return bars ? (spec.x === "month" ? 16 : 0.5) * 86400 : 0;
  }

  /* preset ranges: the chart's suggested window, the last 1, 3, 5 or 10 years, all */
  function presets(spec) {
    var out = [], n = spec.xs.length, last = spec.xs[n - 1];
    if (spec.window) { out.push({range: spec.window[0] + "~" + spec.window[1], label: L.suggested}); }
    if (spec.x === "month") {
      var end = spec.window ? spec.window[1] : last;
      var endIdx = spec.xs.indexOf(end);
      [12, 36, 60, 120].forEach(function (months) {
        var start = endIdx - months + 1;
        if (start > 0) {
          out.push({range: spec.xs[start] + "~" + end, label: months % 12 === 0 && months > 12 ? text(L.last_years, months / 12) : text(L.last_months, months)});
        }
      });
    }
    out.push({range: "all", label: L.all});
    var seen = {};
    return out.filter(function (p) { if (seen[p.range]) { return false; } seen[p.range] = true; return true; });
  }

  /* ---- downloads ---- */
  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function csvCell(v) {
    var s = String(v);
    return /[",\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }

  function downloadCsv(chart) {
    var spec = chart.spec, v = visible(chart);
    // the header names each measure; extra columns (source, rounding) follow the figures
    var extra = spec.csvExtra || [];
    var lines = [[spec.xlabel].concat(spec.series.map(function (s) { return s.csv || s.name; }),
      extra.map(function (e) { return e.name; })).map(csvCell).join(",")];
    for (var i = v[0]; i <= v[1]; i++) {
      lines.push([spec.xs[i]].concat(spec.series.map(function (s) {
        var x = s.values[i];
        return x === null || x === undefined ? "" : String(x);
      }), extra.map(function (e) { return e.values[i]; })).map(csvCell).join(","));
    }
    save(new Blob([lines.join("\n") + "\n"], {type: "text/csv"}), spec.file + ".csv");
  }

  function downloadPng(chart) {
    var src = chart.plot.ctx.canvas, ratio = window.devicePixelRatio || 1;
    var head = Math.round(30 * ratio);
    var canvas = document.createElement("canvas");
    canvas.width = src.width; canvas.height = src.height + head;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#1d2733"; ctx.font = "600 " + Math.round(14 * ratio) + "px system-ui, sans-serif";
    ctx.fillText(chart.spec.title, 8 * ratio, 20 * ratio);
    ctx.drawImage(src, 0, head);
    canvas.toBlob(function (blob) { save(blob, chart.spec.file + ".png"); }, "image/png");
  }

  function downloadSvg(chart) {
    var svg = chart.figure.querySelector(".chart svg");
    if (!svg) { return; }
    var body = new XMLSerializer().serializeToString(svg);
    save(new Blob(["<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", body], {type: "image/svg+xml"}), chart.spec.file + ".svg");
  }

  /* ---- the switch between chart and table ---- */
  function setView(chart, view) {
    chart.view = view;
    var table = view === "table";
    chart.plotBox.hidden = table;
    chart.readout.hidden = table;
    chart.details.open = table;
    chart.figure.classList.toggle("as-table", table);
    if (!table && chart.plot) { resize(); }  /* the window may have changed meanwhile */
    chart.chartButton.setAttribute("aria-pressed", String(!table));
    chart.tableButton.setAttribute("aria-pressed", String(table));
  }

  function button(label, onClick, cls) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.className = cls || "";
    b.addEventListener("click", onClick);
    return b;
  }

  /* ---- one figure ---- */
  function enhance(figure) {
    var spec = JSON.parse(figure.querySelector("script.chart-spec").textContent);
    var chart = {figure: figure, spec: spec, range: null, view: "chart"};
    chart.details = figure.querySelector("details.chart-table");
    chart.tableRows = figure.querySelectorAll("details.chart-table tbody tr");
    chart.tableNote = document.createElement("p");
    chart.tableNote.className = "table-range muted";
    chart.tableNote.id = "table-range-" + spec.id;
    chart.tableNote.setAttribute("aria-live", "polite");
    var summary = chart.details.querySelector("summary");
    summary.parentNode.insertBefore(chart.tableNote, summary.nextSibling);
    var svgBox = figure.querySelector(".chart");

    var bar = document.createElement("div");
    bar.className = "chart-tools";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", L.tools);
    chart.chartButton = button(L.chart, function () { setView(chart, "chart"); writeState(chart); }, "toggle");
    chart.tableButton = button(L.table, function () { setView(chart, "table"); writeState(chart); }, "toggle");
    chart.chartButton.dataset.view = "chart";
    chart.tableButton.dataset.view = "table";

    var rangeLabel = document.createElement("label");
    rangeLabel.className = "range";
    rangeLabel.appendChild(document.createTextNode(L.range));
    chart.select = document.createElement("select");
    chart.select.name = spec.id + "-range";
    chart.presets = presets(spec);
    chart.presets.forEach(function (p) {
      var o = document.createElement("option"); o.value = p.range; o.textContent = p.label;
      chart.select.appendChild(o);
    });
    chart.customOption = document.createElement("option");
    chart.customOption.value = "custom"; chart.customOption.textContent = L.custom; chart.customOption.hidden = true;
    chart.select.appendChild(chart.customOption);
    chart.select.addEventListener("change", function () {
      if (chart.select.value !== "custom") { applyRange(chart, chart.select.value); }
    });
    rangeLabel.appendChild(chart.select);

    var downloads = document.createElement("span");
    downloads.className = "downloads";
    downloads.appendChild(document.createTextNode(L.download + " "));
    downloads.appendChild(button(L.png, function () { downloadPng(chart); }, "png"));
    downloads.appendChild(button(L.svg, function () { downloadSvg(chart); }, "svg"));
    downloads.appendChild(button(L.csv, function () { downloadCsv(chart); }, "csv"));

    chart.link = document.createElement("a");
    chart.link.className = "permalink";
    chart.link.textContent = L.link;
    chart.link.href = window.location.href;

    [chart.chartButton, chart.tableButton, rangeLabel, downloads, chart.link].forEach(function (n) { bar.appendChild(n); });

    chart.plotBox = document.createElement("div");
    chart.plotBox.className = "plot";
    chart.plotBox.tabIndex = 0;
    chart.plotBox.setAttribute("role", "img");
    chart.plotBox.setAttribute("aria-label", (svgBox.getAttribute("aria-label") || spec.title) + " " + L.keys);
    chart.readout = document.createElement("p");
    chart.readout.className = "readout muted";
    chart.readout.setAttribute("aria-live", "polite");
    chart.readout.textContent = L.hint;

    figure.insertBefore(bar, svgBox);
    figure.insertBefore(chart.plotBox, svgBox);
    chart.eventKey = document.createElement("p");
    chart.eventKey.className = "event-key muted";
    chart.eventKey.hidden = true;
    figure.insertBefore(chart.readout, svgBox);
    figure.insertBefore(chart.eventKey, chart.readout);
    svgBox.hidden = true;  /* kept in the page: the SVG download, and print */
    figure.classList.add("enhanced");

    var data = [spec.xs.map(function (v, i) { return toX(spec, v, i); })].concat(
      spec.series.map(function (s) { return s.values; }));
    var width = chart.plotBox.clientWidth || figure.clientWidth || 600;
    chart.plot = new uPlot(uplotOptions(chart, width), data, chart.plotBox);
    chart.defaultRange = spec.window ? spec.window[0] + "~" + spec.window[1] : "all";
    var rows = chart.plot.root.querySelectorAll(".u-legend .u-series");
    var named = bandNames(spec);
    spec.series.forEach(function (s, k) {
      if (s.kind !== "band" || !rows[k + 1]) { return; }
      if (!named[k]) { rows[k + 1].style.display = "none"; return; }
      var marker = rows[k + 1].querySelector(".u-marker");  /* the band's own fill */
      if (marker) { marker.style.background = named[k].fill; marker.style.borderColor = named[k].fill; }
    });

    chart.plotBox.addEventListener("keydown", function (ev) {
      var n = spec.xs.length, v = visible(chart);
      var idx = chart.idx === undefined ? v[1] : chart.idx;
      if (ev.key === "ArrowLeft") { idx = Math.max(v[0], idx - 1); }
      else if (ev.key === "ArrowRight") { idx = Math.min(v[1], idx + 1); }
      else if (ev.key === "Home") { idx = v[0]; }
      else if (ev.key === "End") { idx = v[1]; }
      else { return; }
      ev.preventDefault();
      idx = Math.max(0, Math.min(n - 1, idx));
      var u = chart.plot, value = null;
      spec.series.forEach(function (s, k) {
        if (value === null && (s.scale || "y") === "y" && u.series[k + 1].show && s.values[idx] !== null) { value = s.values[idx]; }
      });
      u.setCursor({left: u.valToPos(u.data[0][idx], "x"), top: value === null ? 0 : u.valToPos(value, "y")});
      readout(chart, idx);
    });

    var state = readState();
    var wanted = state.get(spec.id);
    chart.applying = true;
    if (!(wanted && applyRange(chart, wanted))) { applyRange(chart, chart.defaultRange); }
    chart.applying = false;
    scaled(chart);
    setView(chart, state.get(spec.id + ".view") === "table" ? "table" : "chart");
    charts.push(chart);
  }

  function resize() {
    charts.forEach(function (c) {
      if (c.plotBox.hidden) { return; }
      var w = c.plotBox.clientWidth;
      if (w && Math.abs(w - c.plot.width) > 4) {
        c.plot.setSize({width: w, height: Math.max(220, Math.min(380, Math.round(w * 0.5)))});
      }
    });
  }

  /* the charts, for the browser tests and for readers' own scripts */
  window.borderflowCharts = charts;

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.ichart"), function (f) {
      try { enhance(f); } catch (err) { f.classList.add("not-enhanced"); throw err; }
    });
    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(resize, 150);
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
