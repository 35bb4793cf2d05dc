/* Iraq Incident Database: the incident table, filtered and sorted in the browser.
 *
 * Without this script the table is plain HTML: one page of rows, the other pages linked.
 * With it, the table loads incidents/table/index.json (what every incident is filtered and
 * sorted on: a few numbers each), then only the rows-K.json files that hold the words of
 * the rows on screen, and text.json when the reader first looks for words. The view lives
 * in the address (?type=ied,rocket-attack&from=2020-01&text=balad&sort=date-desc&page=2),
 * so it can be shared, and back and forward restore it. Text from the data only ever goes
 * into the page through textContent. See incidentdb/site/table_data.py for the files. */
(function () {
  "use strict";

  var LISTS = ["type", "category", "faction", "place"];
  var LOOKUP = { type: "ty", category: "ca", faction: "fa", place: "pl" };
  var DAY = 864e5;
  var DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;
  var STANCES = { claimed: 1, blamed: 1, suspected: 1 };
  var DEFAULT_SORT = "date-desc";

  // The same folding as table_data.fold: no accents, lower case, no apostrophes.
  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/['\u2018\u2019\u02bc\u02bf\u02be`]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // The first (or, with `last`, the last) day a date typed as YYYY, YYYY-MM or YYYY-MM-DD
  // names, in days since 1 January 1970; null when it names no day.
  function dayOf(text, last) {
    var m = DATE.exec(String(text || "").trim());
    if (!m) return null;
    var year = +m[1], month = m[2] ? +m[2] : (last ? 12 : 1);
    if (month < 1 || month > 12) return null;
    var end = new Date(Date.UTC(year, month, 0)).getUTCDate();
    var day = m[3] ? +m[3] : (last ? end : 1);
    if (day < 1 || day > end) return null;
    return Date.UTC(year, month - 1, day) / DAY;
  }

  function isoOf(days) {
    return new Date(days * DAY).toISOString().slice(0, 10);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function getJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  // --- the view: what the address says -----------------------------------------------------

  function defaults(table) {
    var view = { text: "", from: "", to: "", sort: DEFAULT_SORT,
      page: +table.getAttribute("data-page") || 1 };
    LISTS.forEach(function (name) { view[name] = []; });
    return view;
  }

  function readAddress(table) {
    var view = defaults(table), params = new URLSearchParams(location.search);
    ["text", "from", "to"].forEach(function (name) { view[name] = params.get(name) || ""; });
    LISTS.forEach(function (name) {
      view[name] = (params.get(name) || "").split(",").filter(Boolean);
    });
    if (/^[a-z]+-(asc|desc)$/.test(params.get("sort") || "")) view.sort = params.get("sort");
    var page = parseInt(params.get("page"), 10);
    if (page > 0) view.page = page;
    return view;
  }

  function address(table, view) {
    var base = defaults(table), params = new URLSearchParams();
    ["text", "from", "to"].forEach(function (name) {
      if (view[name]) params.set(name, view[name]);
    });
    LISTS.forEach(function (name) {
      if (view[name].length) params.set(name, view[name].join(","));
    });
    if (view.sort !== base.sort) params.set("sort", view.sort);
    if (view.page !== base.page) params.set("page", String(view.page));
    var query = params.toString().replace(/%2C/g, ",");
    return location.pathname + (query ? "?" + query : "");
  }

  function isDefault(table, view) {
    return address(table, view) === location.pathname;
  }

  // --- the data -----------------------------------------------------------------------------

  function Data(index, folder) {
    this.index = index;
    this.rows = index.r;
    this.folder = folder;
    this.chunks = {};  // chunk number → the promise of its file
    this.values = {};  // chunk number → its rows, once fetched
    this.text = null;
    this.ids = {};
    var ids = this.ids;
    LISTS.forEach(function (name) {
      ids[name] = {};
      index[LOOKUP[name]].forEach(function (entry, n) { ids[name][entry[0]] = n; });
    });
    this.keys = this.sortKeys();
  }

  // Each column's sort key for every row: numbers, so a sort compares numbers only. The
  // lookups of types and places come in the order of their names, titles and attributions
  // carry their rank: the build sorts the words, once.
  Data.prototype.sortKeys = function () {
    var keys = { date: [], title: [], type: [], place: [], killed: [], wounded: [], attribution: [] };
    this.rows.forEach(function (r, n) {
      keys.date.push(n);  // the rows come in date order
      keys.title.push(r[8]);
      keys.type.push(r[2]);
      keys.place.push(r[10]);
      keys.killed.push(r[6]);
      keys.wounded.push(r[7]);
      keys.attribution.push(r[9]);
    });
    return keys;
  };

  // Fetch the rows-K.json files that hold the words of these rows (each file once); their
  // contents go into this.values for fill() to read.
  Data.prototype.loadChunks = function (rows) {
    var self = this, size = this.index.ch, wanted = {};
    rows.forEach(function (n) { wanted[Math.floor(n / size)] = true; });
    return Promise.all(Object.keys(wanted).map(function (k) {
      if (!self.chunks[k]) {
        self.chunks[k] = getJSON(self.folder + "rows-" + k + ".json").then(function (chunk) {
          self.values[k] = chunk;
        });
      }
      return self.chunks[k];
    }));
  };

  // The words each row is matched against: its own text, and the names and other spellings
  // of the places it reaches and the factions it is attributed to.
  Data.prototype.loadText = function () {
    var self = this;
    if (!this.text) {
      this.text = getJSON(this.folder + "text.json").then(function (texts) {
        var places = self.index.pl, factions = self.index.fa;
        return self.rows.map(function (r, n) {
          var words = [texts[n]];
          r[4].forEach(function (p) { words.push(places[p][2]); });
          r[5].forEach(function (f) { words.push(factions[f][2]); });
          return " " + words.join(" ") + " ";
        });
      });
    }
    return this.text;
  };

  Data.prototype.test = function (view, haystacks) {
    var ids = this.ids, sets = {};
    LISTS.forEach(function (name) {
      sets[name] = null;
      if (view[name].length) {
        sets[name] = {};
        view[name].forEach(function (id) { if (id in ids[name]) sets[name][ids[name][id]] = true; });
      }
    });
    var from = dayOf(view.from, false), to = dayOf(view.to, true);
    var words = fold(view.text).split(" ").filter(Boolean);
    function any(values, set) {
      for (var i = 0; i < values.length; i++) if (set[values[i]]) return true;
      return false;
    }
    return function (r, n) {
      // An incident known only roughly is shown when its range overlaps the one asked for.
      if (from !== null && r[0] + r[1] < from) return false;
      if (to !== null && r[0] > to) return false;
      if (sets.type && !sets.type[r[2]]) return false;
      if (sets.category && !sets.category[r[3]]) return false;
      if (sets.place && !any(r[4], sets.place)) return false;
      if (sets.faction && !any(r[5], sets.faction)) return false;
      for (var w = 0; w < words.length; w++) {
        if (haystacks[n].indexOf(words[w]) < 0) return false;
      }
      return true;
    };
  };

  // The rows of a view, in its order (a descending sort is the ascending one reversed).
  Data.prototype.select = function (view, haystacks) {
    var keep = this.test(view, haystacks), shown = [];
    this.rows.forEach(function (r, n) { if (keep(r, n)) shown.push(n); });
    var parts = view.sort.split("-"), key = this.keys[parts[0]] || this.keys.date;
    shown.sort(function (a, b) { return (key[a] - key[b]) || (a - b); });
    if (parts[1] === "desc") shown.reverse();
    return shown;
  };

  // --- the page ----------------------------------------------------------------------------

  function link(href, text) {
    var a = element("a", null, text);
    a.href = href;
    return a;
  }

  function cell(label, sortKey) {
    var td = element("td");
    td.setAttribute("data-label", label);
    if (sortKey !== undefined) td.setAttribute("data-sort", String(sortKey));
    return td;
  }

  function attributionCell(td, shown, index, base) {
    shown.forEach(function (pair, k) {
      var who = pair[0], stance = pair[1];
      if (k) td.appendChild(document.createTextNode("; "));
      if (typeof who === "number" && index.fa[who]) {
        td.appendChild(link(base + "factions/" + encodeURIComponent(index.fa[who][0]) + "/",
          index.fa[who][1]));
      } else {
        td.appendChild(document.createTextNode("\u201c" + who + "\u201d"));
      }
      td.appendChild(document.createTextNode(" "));
      td.appendChild(element("span", STANCES[stance] ? "idb-stance idb-" + stance : "idb-stance",
        stance));
    });
  }

  function rowOf(r, words, index, base) {
    var tr = element("tr"), td;
    tr.appendChild(cell("Date", isoOf(r[0]))).textContent = words[2];
    td = tr.appendChild(cell("Incident"));
    td.appendChild(link(base + "incidents/" + encodeURIComponent(words[0]) + "/", words[1]));
    tr.appendChild(cell("Type")).textContent = index.ty[r[2]][1];
    td = tr.appendChild(cell("Place"));
    if (r[10] >= 0) {
      td.appendChild(link(base + "places/" + encodeURIComponent(index.pl[r[10]][0]) + "/",
        index.pl[r[10]][1]));
    }
    tr.appendChild(cell("Killed", r[6])).textContent = words[3];
    tr.appendChild(cell("Wounded", r[7])).textContent = words[4];
    attributionCell(tr.appendChild(cell("Attributed to")), words[5], index, base);
    return tr;
  }

  function Table(table, form) {
    this.table = table;
    this.form = form;
    this.base = table.getAttribute("data-base") || "";
    this.output = form.querySelector("output");
    this.pagers = document.querySelectorAll(".idb-js-pager");
    this.view = readAddress(table);
    this.data = null;
    this.turn = 0;
    this.typing = false;
  }

  Table.prototype.controls = function () {
    var form = this.form, view = this.view;
    ["text", "from", "to"].forEach(function (name) { form.elements[name].value = view[name]; });
    form.elements.sort.value = view.sort;
    LISTS.forEach(function (name) {
      var chosen = {};
      view[name].forEach(function (v) { chosen[v] = true; });
      form.querySelectorAll("input[name=" + name + "]").forEach(function (box) {
        box.checked = !!chosen[box.value];
      });
    });
    this.marks();
  };

  // What the controls say, and the marks that follow them: how many boxes are ticked in
  // each list, which dates cannot be read, and which heading the table is sorted by.
  Table.prototype.fromControls = function () {
    var form = this.form, view = defaults(this.table);
    ["text", "from", "to"].forEach(function (name) { view[name] = form.elements[name].value.trim(); });
    view.sort = form.elements.sort.value || DEFAULT_SORT;
    LISTS.forEach(function (name) {
      form.querySelectorAll("input[name=" + name + "]:checked").forEach(function (box) {
        view[name].push(box.value);
      });
    });
    view.page = 1;
    return view;
  };

  Table.prototype.marks = function () {
    var form = this.form, view = this.view;
    form.querySelectorAll("details.idb-choice").forEach(function (box) {
      var n = box.querySelectorAll("input:checked").length;
      box.querySelector(".idb-choice-count").textContent = n ? "(" + n + " chosen)" : "";
    });
    ["from", "to"].forEach(function (name) {
      var input = form.elements[name], bad = input.value.trim() && dayOf(input.value, false) === null;
      if (bad) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    });
    var key = view.sort.split("-")[0], dir = view.sort.split("-")[1];
    this.table.querySelectorAll("thead th").forEach(function (th) {
      if (th.getAttribute("data-key") === key) {
        th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  };

  // history: "push" a new entry, "replace" the current one, or nothing (back and forward).
  Table.prototype.show = function (view, history_) {
    this.view = view;
    if (history_) {
      var url = address(this.table, view);
      if (url !== location.pathname + location.search) {
        history[history_ === "push" ? "pushState" : "replaceState"](null, "", url);
      }
    }
    this.marks();
    return this.render();
  };

  Table.prototype.render = function () {
    var self = this, view = this.view, data = this.data, turn = ++this.turn;
    var words = fold(view.text) ? data.loadText() : Promise.resolve(null);
    return words.then(function (haystacks) {
      if (turn !== self.turn) return null;
      var shown = data.select(view, haystacks), size = data.index.ps;
      var pages = Math.max(1, Math.ceil(shown.length / size));
      var page = Math.min(view.page, pages);
      var rows = shown.slice((page - 1) * size, page * size);
      self.output.textContent = shown.length + " of " + data.rows.length + " incidents shown";
      return data.loadChunks(rows).then(function () {
        if (turn !== self.turn) return null;
        self.fill(rows);
        self.pager(page, pages);
        self.done(view);
        return null;
      });
    }).catch(function (error) {
      self.output.textContent = "The table could not load its data (" + error.message + ").";
    });
  };

  // The table says which view it shows once its rows are in (tests and the benchmark wait
  // for it).
  Table.prototype.done = function (view) {
    this.table.setAttribute("data-idb-view", address(this.table, view));
  };

  Table.prototype.fill = function (rows) {
    var data = this.data, index = data.index, base = this.base, size = index.ch;
    var body = document.createElement("tbody");
    rows.forEach(function (n) {
      var words = data.values[Math.floor(n / size)][n % size];
      body.appendChild(rowOf(data.rows[n], words, index, base));
    });
    this.table.replaceChild(body, this.table.tBodies[0]);
  };

  Table.prototype.pager = function (page, pages) {
    var self = this;
    this.pagers.forEach(function (nav) {
      while (nav.firstChild) nav.removeChild(nav.firstChild);
      nav.hidden = pages < 2;
      if (page > 1) nav.appendChild(self.pageLink(page - 1, "Previous page", "prev"));
      nav.appendChild(element("span", null, "Page " + page + " of " + pages));
      if (page < pages) nav.appendChild(self.pageLink(page + 1, "Next page", "next"));
    });
  };

  Table.prototype.pageLink = function (page, text, rel) {
    var self = this, view = Object.assign({}, this.view, { page: page });
    var a = link(address(this.table, view), text);
    a.rel = rel;
    a.addEventListener("click", function (event) {
      event.preventDefault();
      self.show(view, "push").then(function () { self.table.scrollIntoView(); });
    });
    return a;
  };

  Table.prototype.sortable = function () {
    var self = this;
    // Each heading holds a button (keyboard and screen readers know what it does); aria-sort
    // on the heading says how the table is sorted. A first click sorts up, a second down.
    this.table.querySelectorAll("thead th").forEach(function (th) {
      var key = th.getAttribute("data-key"), button = element("button", "idb-sort");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.addEventListener("click", function () {
        var up = self.view.sort !== key + "-asc";
        var view = Object.assign({}, self.view, { sort: key + (up ? "-asc" : "-desc"), page: 1 });
        self.form.elements.sort.value = view.sort;
        self.show(view, "push");
      });
    });
  };

  Table.prototype.listen = function () {
    var self = this, form = this.form;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function (event) {
      if (event.target.type !== "text" && event.target.type !== "search") return;
      // While typing, the first change makes a history entry and the next ones amend it.
      self.show(self.fromControls(), self.typing ? "replace" : "push");
      self.typing = true;
    });
    form.addEventListener("change", function (event) {
      var typed = event.target.type === "text" || event.target.type === "search";
      var view = self.fromControls();
      self.show(view, typed && self.typing ? "replace" : "push");
      self.typing = false;
    });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      self.view = Object.assign(defaults(self.table), { page: 1 });
      self.controls();
      self.show(self.view, "push");
    });
    window.addEventListener("popstate", function () {
      self.view = readAddress(self.table);
      self.controls();
      self.show(self.view, null);
    });
  };

  Table.prototype.start = function () {
    var self = this, folder = this.base + "incidents/table/";
    this.output.textContent = "Loading the filters\u2026";
    this.form.hidden = false;
    document.querySelectorAll(".idb-pager, .idb-all-pages").forEach(function (n) { n.hidden = true; });
    this.controls();
    this.sortable();
    // The address in its own words (an address typed or shared by hand may spell it otherwise).
    history.replaceState(null, "", address(this.table, this.view));
    return getJSON(folder + "index.json").then(function (index) {
      self.data = new Data(index, folder);
      self.listen();
      if (isDefault(self.table, self.view)) {
        // The page already shows this view: count, and page through the same rows as it.
        var total = self.data.rows.length, pages = Math.max(1, Math.ceil(total / index.ps));
        self.output.textContent = total + " of " + total + " incidents shown";
        self.pager(Math.min(self.view.page, pages), pages);
        self.done(self.view);
        return null;
      }
      return self.render();
    }).catch(function (error) {
      self.output.textContent = "The filters could not load (" + error.message + "): " +
        "the table shows this page of incidents only.";
    });
  };

  function init() {
    var table = document.getElementById("idb-incidents");
    var form = document.getElementById("idb-table-filters");
    if (!table || !form || table.hasAttribute("data-idb-ready")) return;
    table.setAttribute("data-idb-ready", "");
    var view = new Table(table, form);
    window.idbTable = view;  // for the benchmark: idbTable.show(view) answers a new view
    view.start();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
