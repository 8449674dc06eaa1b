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
// plotly.js is 4.8 MB: when this file's <script> has data-plotly="<url>", it is
// loaded only once a page (or an htmx swap) has a chart, with this script's nonce.
(function () {
  "use strict";
  if (window.dtiCharts) { return; }  // included twice: draw once

  var self = document.currentScript;
  var plotlySrc = self && self.getAttribute("data-plotly");
  var nonce = self && self.nonce;
  var waiting = null;  // callbacks until plotly.js has loaded

  function withPlotly(callback) {
    if (window.Plotly) { callback(); return; }
    if (!plotlySrc) { return; }  // the page loads plotly.js itself; DOMContentLoaded draws
    if (waiting) { waiting.push(callback); return; }
    waiting = [callback];
    var script = document.createElement("script");
    script.src = plotlySrc;
    if (nonce) { script.nonce = nonce; }
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

  function linkOnClick(node) {
    var index = node.getAttribute("data-link-index");
    if (index === null || node.dataset.linked) { return; }
    node.dataset.linked = "true";
    node.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var url = point && point.customdata && point.customdata[Number(index)];
      if (url) { window.location.assign(url); }
    });
  }

  function drawNow(root) {
    var nodes = (root || document).querySelectorAll("[data-chart]");
    nodes.forEach(function (node) {
      var source = document.getElementById(node.getAttribute("data-chart"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      node.removeAttribute("data-rendered");
      window.Plotly.react(node, figure.data || [], figure.layout || {}, config(node)).then(function () {
        linkOnClick(node);
        // Screen readers get the figure's caption and the data table, not tick labels.
        node.querySelectorAll("svg.main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
        node.setAttribute("data-rendered", "true");
      });
    });
  }

  function draw(root) {
    if (!(root || document).querySelector("[data-chart]")) { return; }
    withPlotly(function () { drawNow(root); });
  }

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
