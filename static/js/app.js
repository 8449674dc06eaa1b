// Small behaviours that must not live in hx-on attributes (the CSP forbids eval).
(function () {
  "use strict";

  // The menu is open on wide screens and collapsed on phones. Only crossing the
  // breakpoint changes it: phones fire "resize" when the address bar hides, which
  // must not close a menu the reader has just opened.
  var wide = window.matchMedia("(min-width: 760px)");
  function syncMenu() {
    var menu = document.querySelector(".site-header details.menu");
    if (menu) { menu.open = wide.matches; }
  }
  document.addEventListener("DOMContentLoaded", syncMenu);
  wide.addEventListener("change", syncMenu);

  // "Copy link to this view": the address as it is now (htmx pushes every filter
  // into it). The clipboard API needs a secure context (https or localhost); where
  // it is missing or refused, show the link selected in a field to copy by hand.
  function copied(box, text) {
    box.querySelector(".copy-link-status").textContent = text;
  }
  function fallback(box, url) {
    var label = box.querySelector(".copy-link-fallback");
    var input = label.querySelector("input");
    input.value = url;
    label.hidden = false;
    input.focus();
    input.select();
    copied(box, "");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-link]");
    if (!button) { return; }
    var box = button.closest(".copy-link");
    var url = window.location.href;
    if (!navigator.clipboard || !window.isSecureContext) { fallback(box, url); return; }
    navigator.clipboard.writeText(url).then(function () {
      box.querySelector(".copy-link-fallback").hidden = true;
      copied(box, box.getAttribute("data-done") || "✓");
    }, function () { fallback(box, url); });
  });
})();
