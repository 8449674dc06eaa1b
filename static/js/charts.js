// Draws every plotly figure given as JSON by the server:
// <script type="application/json" id="X">…</script> + <div data-chart="X">.
// Re-runs after htmx swaps. No inline script, no eval (strict CSP).
//
// Optional attributes of the chart <div>:
//   data-topojson="/static/vendor/topojson/"  where geo traces find world_110m.json
//                                              (otherwise plotly.js fetches it from its CDN)
//   data-link-index="3"                       a click on a point opens customdata[3] (a URL)
//   data-filename="dti-2024-63-dti-ban-do"    name of the downloaded PNG/SVG
// Buttons <button data-chart-download="png|svg" aria-controls="chart id"> download it.
//
// plotly.js is 1.2–4.8 MB: when this file's <script> has data-plotly="<url>", it is
// loaded only once a chart of the page (or of an htmx swap) nears the screen (a file
// of ours: the CSP's script-src 'self').
(function () {
  "use strict";
  if (window.dtiCharts) { return; }  // included twice: draw once

  var self = document.currentScript;
  var plotlySrc = self && self.getAttribute("data-plotly");
  var waiting = null;  // callbacks until plotly.js has loaded

  function withPlotly(callback) {
    if (window.Plotly) { callback(); return; }
    if (!plotlySrc) { return; }  // the page loads plotly.js itself; DOMContentLoaded draws
    if (waiting) { waiting.push(callback); return; }
    waiting = [callback];
    var script = document.createElement("script");
    script.src = plotlySrc;
    script.onload = function () {
      var queue = waiting;
      waiting = null;
      queue.forEach(function (fn) { fn(); });
    };
    document.head.appendChild(script);
  }

  function filename(node) {
    return node.getAttribute("data-filename") || "bieu-do-dti";
  }

  function download(node, format) {
    return window.Plotly.downloadImage(node, {
      format: format, filename: filename(node),
      width: Math.max(node.offsetWidth, 800), height: node.offsetHeight || 480,
    });
  }

  function config(node) {
    var cfg = {
      responsive: true, displaylogo: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "sendChartToCloud"],
      showSendToCloud: false,  // plotly.js 4 would offer to upload the chart to its cloud
      // The camera icon: a PNG named like the page's view.
      toImageButtonOptions: { format: "png", filename: filename(node) },
      modeBarButtonsToAdd: [{
        name: "download-svg", title: "SVG", icon: window.Plotly.Icons.disk,
        click: function (gd) { download(gd, "svg"); },
      }],
    };
    var topojson = node.getAttribute("data-topojson");
    if (topojson) { cfg.topojsonURL = topojson; }
    return cfg;
  }

  // State kept in JS properties, not attributes: htmx saves the page's HTML for the
  // back button, and a restored copy must not look drawn or linked.
  function linkOnClick(node) {
    var index = node.getAttribute("data-link-index");
    if (index === null || node.dtiLinked) { return; }
    node.dtiLinked = true;
    node.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var url = point && point.customdata && point.customdata[Number(index)];
      if (url) { window.location.assign(url); }
    });
  }

  function drawNode(node) {
    var source = document.getElementById(node.getAttribute("data-chart"));
    if (!source || node.dtiDrawing) { return; }
    var figure = JSON.parse(source.textContent);
    var layout = figure.layout || {};
    // Numbers as the tables print them: "0,80" and "1.500" on Vietnamese pages.
    if (!layout.separators) { layout.separators = document.documentElement.lang === "en" ? ".," : ",."; }
    node.dtiDrawing = true;
    node.removeAttribute("data-rendered");
    window.Plotly.react(node, figure.data || [], layout, config(node)).then(function () {
      node.dtiDrawing = false;
      linkOnClick(node);
      // Screen readers get the figure's caption and the data table, not tick labels.
      node.querySelectorAll("svg.main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
      node.setAttribute("data-rendered", "true");
    }, function () { node.dtiDrawing = false; });
  }

  // plotly.js (1.2–1.4 MB) runs only once a fifth of a chart is on the screen: at
  // phone width the first chart starts at the fold, so the page paints and answers
  // at once and the chart is drawn on the first scroll (issue 17.12). Its file is
  // fetched, not run, when the page is idle, so that scroll has nothing to wait for.
  // Once plotly.js is here, charts are drawn 300 px ahead of the scroll.
  // ``all`` draws every chart now (the print view).
  var hasObserver = "IntersectionObserver" in window;
  var pending = [];  // watched by ``seen`` until plotly.js has loaded

  function onEntries(entries, observer) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      observer.unobserve(entry.target);
      var at = pending.indexOf(entry.target);
      if (at >= 0) { pending.splice(at, 1); }
      withPlotly(function () {
        drawNode(entry.target);
        // The rest of the page's charts: now drawn before they come into view.
        pending.splice(0).forEach(function (node) { seen.unobserve(node); near.observe(node); });
      });
    });
  }
  var seen = hasObserver ? new IntersectionObserver(onEntries, { threshold: 0.2 }) : null;
  var near = hasObserver ? new IntersectionObserver(onEntries, { rootMargin: "300px 0px" }) : null;

  function prefetch() {
    if (window.Plotly || !plotlySrc || document.querySelector("link[data-plotly-prefetch]")) { return; }
    var link = document.createElement("link");
    link.rel = "prefetch";
    link.href = plotlySrc;
    link.setAttribute("data-plotly-prefetch", "");
    document.head.appendChild(link);
  }

  function draw(root, all) {
    var nodes = (root || document).querySelectorAll("[data-chart]");
    if (!nodes.length) { return; }
    if (all || !hasObserver) {
      withPlotly(function () { nodes.forEach(drawNode); });
      return;
    }
    nodes.forEach(function (node) {
      if (window.Plotly) { near.observe(node); return; }
      pending.push(node);
      seen.observe(node);
    });
    if (document.readyState === "complete") {
      prefetch();
    } else {
      window.addEventListener("load", function () {
        (window.requestIdleCallback || window.setTimeout)(prefetch);
      }, { once: true });
    }
  }

  // htmx keeps the page's HTML for the back button. A drawn chart would be kept with
  // plotly's style attributes, which the CSP refuses when the copy is put back: keep
  // the charts undrawn (JSON only) and redraw any that stay on the page.
  document.addEventListener("htmx:beforeHistorySave", function (event) {
    if (!window.Plotly) { return; }
    var drawn = Array.prototype.filter.call(
      event.detail.historyElt.querySelectorAll("[data-chart]"), function (node) { return node.children.length; });
    drawn.forEach(function (node) {
      window.Plotly.purge(node);
      node.removeAttribute("data-rendered");
      node.dtiLinked = false;
      node.dtiDrawing = false;
    });
    // plotly's hidden text-measuring <svg> lives in <body>: out of the copy, then back.
    var tester = document.getElementById("js-plotly-tester");
    var testerParent = tester && tester.parentNode;
    if (tester) { tester.remove(); }
    window.setTimeout(function () {
      if (tester && !tester.isConnected) { testerParent.appendChild(tester); }
      drawn.forEach(function (node) { if (node.isConnected) { drawNode(node); } });
    }, 0);
  });
  document.addEventListener("htmx:historyRestore", function () { draw(document); });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-chart-download]");
    if (!button) { return; }
    var node = document.getElementById(button.getAttribute("aria-controls"));
    if (node && window.Plotly && node.getAttribute("data-rendered")) {
      download(node, button.getAttribute("data-chart-download"));
    }
  });

  window.dtiCharts = { draw: draw };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:load", function (event) {
    // htmx fires this for the first page too; the document is drawn above.
    if (event.target !== document.body) { draw(event.target); }
  });
})();
