/* Iraq Incident Database: sortable, filterable tables. Plain tables work without it. */
(function () {
  "use strict";

  var NUMBER = /^-?\d+(\.\d+)?$/;

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim();
  }

  // Numbers compare as numbers ("100" after "3"), everything else as text (ISO dates sort).
  function compare(a, b) {
    if (NUMBER.test(a) && NUMBER.test(b)) return parseFloat(a) - parseFloat(b);
    return a.localeCompare(b);
  }

  function sortBy(table, headers, th, index) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(cellValue(r1, index), cellValue(r2, index));
      return ascending ? c : -c;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r); });
    body.appendChild(fragment);
  }

  // Each heading becomes a button (keyboard and screen readers know what it does);
  // aria-sort on the heading says how the table is sorted.
  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "idb-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      // On the heading: a click anywhere in it sorts, and the button's own clicks bubble up.
      th.addEventListener("click", function () { sortBy(table, headers, th, index); });
    });
  }

  // A row's data-<name> holds one value or several separated by spaces (data-factions).
  function matches(row, el) {
    if (!el.name || !el.value) return true;
    var value = row.getAttribute("data-" + el.name) || "";
    return (" " + value + " ").indexOf(" " + el.value + " ") >= 0;
  }

  function makeFilterable(form) {
    var table = document.getElementById(form.getAttribute("data-for"));
    if (!table) return;
    var output = form.querySelector("output");
    function apply() {
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var ok = Array.prototype.every.call(form.elements, function (el) { return matches(row, el); });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (output) output.textContent = shown + " of " + rows.length + " incidents shown";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

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
    document.querySelectorAll("table.idb-sortable").forEach(function (t) { once(t, makeSortable); });
    document.querySelectorAll("form.idb-filters").forEach(function (f) { once(f, makeFilterable); });
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
