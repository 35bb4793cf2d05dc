/* Iraq Incident Database: the incident page. The name a citation marker shows on hover and
 * focus (idb-incident.css) is kept inside the window and hidden with Escape; the copy
 * buttons Material adds to the cite box are named for what they copy. The page works
 * without this script. */
(function () {
  "use strict";

  // A marker near the right edge opens its name leftwards, so it stays in the window.
  function place(marker) {
    marker.classList.remove("idb-tip-off", "idb-tip-end");
    var width = parseFloat(getComputedStyle(marker, "::after").width) || 0;
    var room = document.documentElement.clientWidth - marker.getBoundingClientRect().left;
    if (width > room) marker.classList.add("idb-tip-end");
  }

  function dismissOnEscape(event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".idb-cite-m:hover, .idb-cite-m:focus-within").forEach(function (m) {
      m.classList.add("idb-tip-off");
    });
  }

  function markers() {
    document.querySelectorAll(".idb-cite-m").forEach(function (marker) {
      if (marker.hasAttribute("data-idb-ready")) return;
      marker.setAttribute("data-idb-ready", "");
      marker.addEventListener("mouseenter", function () { place(marker); });
      marker.addEventListener("focusin", function () { place(marker); });
    });
  }

  // Material wraps each code block's buttons in a <nav>: two unnamed navigation landmarks.
  var NAMES = { "idb-citation": "Copy the citation", "idb-bibtex": "Copy the BibTeX entry" };

  function nameCopyButtons(box) {
    Object.keys(NAMES).forEach(function (kind) {
      var nav = box.querySelector("." + kind + " .md-code__nav, ." + kind + " + .md-code__nav");
      if (nav && !nav.hasAttribute("aria-label")) nav.setAttribute("aria-label", NAMES[kind]);
    });
  }

  function watchCiteBox() {
    var box = document.querySelector(".idb-cite-box");
    if (!box || box.hasAttribute("data-idb-named")) return;
    box.setAttribute("data-idb-named", "");
    nameCopyButtons(box);
    new MutationObserver(function () { nameCopyButtons(box); })
      .observe(box, { childList: true, subtree: true });
  }

  function init() {
    markers();
    watchCiteBox();
  }

  document.addEventListener("keydown", dismissOnEscape);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
