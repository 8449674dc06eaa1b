// What-if page: each slider mirrors its text input (the text input carries the name,
// so the query string holds one value per index; it is text so that "0,8" with the
// Vietnamese decimal comma survives), and a refused value is marked on its input.
// The server answers a refused value with 200 and only the messages, retargeted into
// #whatif-errors (indicators/scenarios/views.py): the form and the last result stay.
// No inline script.
(function () {
  "use strict";

  function number(text) {
    var value = Number(String(text).trim().replace(",", "."));
    return text !== "" && isFinite(value) ? value : null;
  }

  document.addEventListener("input", function (event) {
    var node = event.target;
    var forId = node.getAttribute && node.getAttribute("data-lever-range");
    if (forId) {
      var field = document.getElementById(forId);
      if (field) { field.value = node.value; }
      return;
    }
    if (node.id && node.id.indexOf("lever-") === 0 && node.hasAttribute("data-lever-max")) {
      var range = document.querySelector('[data-lever-range="' + node.id + '"]');
      var value = number(node.value);
      if (range && value !== null) { range.value = String(value); }
    }
  });

  // Mark the inputs the server refused (aria-invalid, described by their message), and
  // unmark them all once a good result comes back.
  function markRefused() {
    var form = document.getElementById("whatif-form");
    if (!form) { return; }
    form.querySelectorAll("[data-lever-max]").forEach(function (input) {
      var message = document.querySelector('[data-invalid-field="' + input.name + '"]');
      if (message) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", message.id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    });
  }
  document.addEventListener("htmx:afterSettle", markRefused);
})();
