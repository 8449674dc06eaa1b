// The print view (/tinh/<slug>/in/): every <details> open, so its content prints;
// [data-print] buttons open the browser's print dialog. No inline script (strict CSP).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("details").forEach(function (node) { node.open = true; });
    // Every chart drawn now, not when scrolled to: the whole page prints.
    if (window.dtiCharts) { window.dtiCharts.draw(document, true); }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (node) { node.open = true; });
  });
})();
