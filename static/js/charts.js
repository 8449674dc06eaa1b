// Draws every plotly figure given as JSON by the server:
// <script type="application/json" id="X">…</script> + <div data-chart="X">.
// Re-runs after htmx swaps. No inline script, no eval (strict CSP).
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };

  function draw(root) {
    if (!window.Plotly) { return; }
    var nodes = (root || document).querySelectorAll("[data-chart]");
    nodes.forEach(function (node) {
      var source = document.getElementById(node.getAttribute("data-chart"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      var extra = node.getAttribute("data-topojson");
      var cfg = Object.assign({}, config, extra ? { topojsonURL: extra } : {});
      window.Plotly.react(node, figure.data || [], figure.layout || {}, cfg).then(function () {
        node.setAttribute("data-rendered", "true");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) { draw(event.target); });
})();
