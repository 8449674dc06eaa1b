// Re-weighting page: each slider mirrors its number input (the number input carries
// the name, so the query string holds one weight per code); a 400 answer (a bad
// weight) is shown in place; after a sort the form keeps the table's order. No inline script.
(function () {
  "use strict";

  function clearPreset() {
    document.querySelectorAll(".presets a.active").forEach(function (link) {
      link.classList.remove("active");
      link.removeAttribute("aria-current");
    });
  }

  document.addEventListener("input", function (event) {
    var node = event.target;
    if (node.closest && node.closest("#reweight-form")) { clearPreset(); }
    var forId = node.getAttribute && node.getAttribute("data-weight-range");
    if (forId) {
      var number = document.getElementById(forId);
      if (number) { number.value = node.value; }
      return;
    }
    if (node.type === "number" && node.id && node.id.indexOf("weight-") === 0) {
      var range = document.querySelector('[data-weight-range="' + node.id + '"]');
      var value = node.value.replace(",", ".");
      if (range && value !== "" && !isNaN(Number(value))) { range.value = value; }
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && target.id === "reweight-result") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".presets a");
    if (link) {
      clearPreset();
      link.classList.add("active");
      link.setAttribute("aria-current", "true");
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    var result = document.getElementById("reweight-result");
    var sort = document.querySelector("[data-reweight-sort]");
    var dir = document.querySelector("[data-reweight-dir]");
    if (result && sort && dir) {
      sort.value = result.getAttribute("data-sort") || "rank";
      dir.value = result.getAttribute("data-dir") || "";
    }
  });
})();
