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

// htmx swaps (ranking, compare, drivers): the control that was used keeps the focus,
// screen readers hear what changed, and a failed request leaves the page whole.
(function () {
  "use strict";

  // How to find the focused control again in the swapped-in copy of its region.
  function focusKey(node) {
    var key = node.getAttribute("data-focus-key");
    if (key) { return '[data-focus-key="' + CSS.escape(key) + '"]'; }
    if (node.id) { return "#" + CSS.escape(node.id); }
    if (node.name) { return node.tagName.toLowerCase() + '[name="' + CSS.escape(node.name) + '"]'; }
    return null;
  }

  var pending = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    pending = null;
    if (!event.detail.shouldSwap || !target || !active || active === document.body) { return; }
    if (!target.contains(active)) { return; }  // the control lives outside what is replaced
    pending = { region: target.id, key: focusKey(active) };
  });

  function announce(region) {
    var live = document.getElementById("live-status");
    if (!live || !region) { return; }
    var source = region.querySelector("[data-announce]") || region.querySelector("h2, h3");
    var copy = source ? source.cloneNode(true) : null;
    if (copy) { copy.querySelectorAll("[aria-hidden=true]").forEach(function (n) { n.remove(); }); }
    var text = copy ? copy.textContent.replace(/\s+/g, " ").trim() : "";
    // Emptied first: the same text twice (the same sort clicked again) is read again.
    live.textContent = "";
    if (text) { window.setTimeout(function () { live.textContent = text; }, 50); }
  }

  var settled = null;  // htmx fires afterSettle once per settled element: act once per answer
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.xhr && event.detail.xhr === settled) { return; }
    settled = event.detail.xhr;
    var error = document.getElementById("htmx-error");
    if (error) { error.hidden = true; }
    var target = event.detail.target;
    var id = (pending && pending.region) || (target && target.id);
    // An outerHTML swap leaves the old element detached: find its replacement by id.
    var region = id ? document.getElementById(id) : (target && target.isConnected ? target : null);
    var used = pending !== null;
    if (pending) {
      var scope = region || document;
      var next = pending.key ? scope.querySelector(pending.key) : null;
      if (!next && region) {
        // The control is gone (a unit added to the comparison): the region itself, so
        // the next Tab continues from where the reader was, not from the page's top.
        region.setAttribute("tabindex", "-1");
        next = region;
      }
      if (next && document.activeElement !== next) { next.focus({ preventScroll: true }); }
      pending = null;
    }
    // Announced: a region that says what it shows, or the heading of one the reader
    // changed from inside; not a section loaded because it scrolled into view.
    if (region && (used || region.querySelector("[data-announce]"))) { announce(region); }
  });

  // A new pillar ranks by that pillar from rank 1: drop the sort before htmx reads the
  // form (capture phase, ahead of htmx's own change listener on the form).
  document.addEventListener("change", function (event) {
    var node = event.target;
    if (!node.hasAttribute || !node.hasAttribute("data-resets-sort") || !node.form) { return; }
    node.form.querySelectorAll("[data-sort-field]").forEach(function (input) { input.remove(); });
  }, true);

  // htmx keeps the page as it is on an error answer or a network failure; say so.
  function failed() {
    var error = document.getElementById("htmx-error");
    if (error) {
      error.textContent = error.getAttribute("data-message");
      error.hidden = false;
    }
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
})();
