// Small behaviours that must not live in hx-on attributes (the CSP forbids eval).
(function () {
  "use strict";
  // Keep the menu open on wide screens, collapsed on phones.
  function syncMenu() {
    var menu = document.querySelector(".site-header details.menu");
    if (menu) { menu.open = window.matchMedia("(min-width: 760px)").matches; }
  }
  document.addEventListener("DOMContentLoaded", syncMenu);
  window.addEventListener("resize", syncMenu);
})();
