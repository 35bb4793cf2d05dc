/* Iraq Incident Database: small enhancements of every page (the incident table has idb-table.js). */
(function () {
  "use strict";

  function once(node, init) {
    if (node.hasAttribute("data-idb-ready")) return;
    node.setAttribute("data-idb-ready", "");
    init(node);
  }

  // A cite box names the day the reader accessed the page: today, in the reader's clock.
  // The page is built before anyone reads it, so it carries a placeholder the script fills.
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function fillAccessDate(box) {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var iso = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var words = now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
    box.querySelectorAll("code").forEach(function (code) {
      code.textContent = code.textContent
        .replace("(accessed day month year)", "(accessed " + words + ")")
        .replace("urldate      = {YYYY-MM-DD}", "urldate      = {" + iso + "}");
    });
  }

  function init() {
    document.querySelectorAll(".idb-cite-box").forEach(function (b) { once(b, fillAccessDate); });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  // Material's instant navigation, when enabled
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
