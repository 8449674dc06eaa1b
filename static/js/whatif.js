// What-if page: each slider mirrors its number input (the number input carries the
// name, so the query string holds one value per index), and a 400 answer (a value out
// of range) is shown in place instead of being dropped by htmx. No inline script.
(function () {
  "use strict";

  document.addEventListener("input", function (event) {
    var node = event.target;
    var forId = node.getAttribute && node.getAttribute("data-lever-range");
    if (forId) {
      var number = document.getElementById(forId);
      if (number) { number.value = node.value; }
      return;
    }
    if (node.type === "number" && node.id && node.id.indexOf("lever-") === 0) {
      var range = document.querySelector('[data-lever-range="' + node.id + '"]');
      if (range && node.value !== "" && !isNaN(Number(node.value))) { range.value = node.value; }
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && target.id === "whatif-result") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
