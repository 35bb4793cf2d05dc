/* Iraq Incident Database: accessibility of what Material adds to a page after it loads.
 * - A table wider than a phone scrolls in Material's wrapper: the wrapper becomes a focusable
 *   region named after its table, so keyboard users can scroll it (axe:
 *   scrollable-region-focusable).
 * - Each code block's button bar is a <nav>: it gets a name of its own (axe: landmark-unique). */
(function () {
  "use strict";

  function label(el, text) {
    if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", text);
  }

  function nameOf(table) {
    var caption = table.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var heading = table.closest("section, .md-typeset__scrollwrap");
    var prev = heading && heading.previousElementSibling;
    while (prev && !/^H[2-6]$/.test(prev.tagName)) prev = prev.previousElementSibling;
    return prev ? prev.textContent.replace("¶", "").trim() + ": table" : "Table";
  }

  // Landmark names must differ: a repeated name gets its number ("Sources: table 2").
  function unique(text, taken) {
    var name = text;
    for (var n = 2; taken[name]; n++) name = text + " " + n;
    taken[name] = true;
    return name;
  }

  function fix() {
    var taken = {};
    document.querySelectorAll("[role=region][aria-label], nav[aria-label]").forEach(function (el) {
      taken[el.getAttribute("aria-label")] = true;
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var table = wrap.querySelector("table");
      if (!table || wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      label(wrap, unique(nameOf(table), taken));
    });
    document.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach(function (nav) {
      label(nav, unique("Copy code", taken));
    });
  }

  var pending = false;
  fix();
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      fix();
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
