/* Iraq Incident Database: search over the Pagefind index (incidentdb/site/search.py).
 *
 * The index is loaded on first use (focus or typing), and each query downloads only the
 * index chunks and result fragments it needs. Results are built as DOM nodes: titles and
 * metadata as text, excerpts reduced to their text and Pagefind's <mark> highlights. */
(function () {
  "use strict";

  var HEADER_RESULTS = 6;
  var PAGE_RESULTS = 20;
  // Ranking: a title that holds the words counts for more than a long page that mentions
  // them once; term frequency is damped so a list of many incidents does not outrank one.
  var RANKING = { termFrequency: 0.6, pageLength: 0.5, termSaturation: 1.2 };

  var loading = {};

  function pagefind(site) {
    if (!loading[site]) {
      var url = new URL(site + "pagefind/pagefind.js", document.baseURI).href;
      loading[site] = import(url).then(function (pf) {
        return pf
          .options({ baseUrl: new URL(site, document.baseURI).pathname, ranking: RANKING })
          .then(function () {
            pf.init();
            return pf;
          });
      });
    }
    return loading[site];
  }

  // Pagefind's excerpt is HTML: keep its text and its <mark> elements only.
  function excerptNodes(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createDocumentFragment();
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function resultItem(data) {
    var li = element("li", "idb-search__result");
    var link = element("a", "idb-search__link");
    link.href = data.url;
    var meta = data.meta || {};
    if (meta.kind) link.appendChild(element("span", "idb-search__kind", meta.kind));
    link.appendChild(element("span", "idb-search__title", meta.title || data.url));
    if (meta.when) link.appendChild(element("span", "idb-search__when", meta.when));
    li.appendChild(link);
    var excerpt = element("p", "idb-search__excerpt");
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    li.appendChild(excerpt);
    return li;
  }

  function counted(n, query) {
    if (n === 0) return "No results for “" + query + "”.";
    return n + (n === 1 ? " result" : " results") + " for “" + query + "”.";
  }

  function Search(form) {
    this.form = form;
    this.site = form.getAttribute("data-site") || "./";
    this.input = form.querySelector(".idb-search__input");
    this.panel = form.querySelector(".idb-search__panel");
    this.status = form.querySelector(".idb-search__status");
    this.list = form.querySelector(".idb-search__results");
    this.all = form.querySelector(".idb-search__all");
    this.more = form.querySelector(".idb-search__more");
    this.onPage = form.classList.contains("idb-search--page");
    this.step = this.onPage ? PAGE_RESULTS : HEADER_RESULTS;
    this.results = [];
    this.shown = 0;
    this.asked = 0;
  }

  Search.prototype.open = function (open) {
    if (this.onPage) return;
    this.panel.hidden = !open;
  };

  Search.prototype.run = function () {
    var self = this;
    var query = this.input.value.trim();
    var asked = ++this.asked;
    if (!query) {
      this.list.replaceChildren();
      this.status.textContent = "";
      if (this.more) this.more.hidden = true;
      this.open(false);
      return Promise.resolve();
    }
    return pagefind(this.site)
      .then(function (pf) {
        return pf.search(query);
      })
      .then(function (search) {
        if (asked !== self.asked) return; // a later query has been typed
        self.results = search.results;
        self.shown = 0;
        self.list.replaceChildren();
        self.status.textContent = counted(search.results.length, query);
        if (self.all) {
          self.all.href = self.form.action + "?q=" + encodeURIComponent(query);
          self.all.hidden = search.results.length <= self.step;
        }
        self.open(true);
        return self.showMore(asked);
      });
  };

  Search.prototype.showMore = function (asked) {
    var self = this;
    var batch = this.results.slice(this.shown, this.shown + this.step);
    this.shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      if (asked !== self.asked) return;
      items.forEach(function (data) { self.list.appendChild(resultItem(data)); });
      if (self.more) self.more.hidden = self.shown >= self.results.length;
      if (self.onPage || self.list.children.length) self.form.setAttribute("data-searched", "");
    });
  };

  Search.prototype.links = function () {
    return Array.prototype.slice.call(this.panel.querySelectorAll("a:not([hidden])"));
  };

  // Arrow keys move between the input and the results; Escape closes the header's panel.
  Search.prototype.onKey = function (event) {
    var links = this.links();
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape" && !this.onPage) {
      this.open(false);
      this.input.focus();
    } else if (event.key === "ArrowDown" && links.length) {
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at === 0 ? this.input : links[at - 1]).focus();
    } else {
      return;
    }
    event.preventDefault();
  };

  Search.prototype.wire = function () {
    var self = this;
    var timer = null;
    this.input.addEventListener("focus", function () { pagefind(self.site); }, { once: true });
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        self.run();
        if (self.onPage) history.replaceState(null, "", "?q=" + encodeURIComponent(self.input.value.trim()));
      }, 80);
    });
    this.form.addEventListener("keydown", function (e) { self.onKey(e); });
    if (this.more) this.more.addEventListener("click", function () { self.showMore(self.asked); });
    if (this.onPage) {
      this.form.addEventListener("submit", function (e) {
        e.preventDefault();
        self.run();
      });
      var query = new URLSearchParams(location.search).get("q");
      if (query) {
        this.input.value = query;
        this.run();
      } else {
        this.input.focus(); // reached from the header's button: ready to type
      }
    } else {
      document.addEventListener("click", function (e) {
        if (!self.form.contains(e.target)) self.open(false);
      });
    }
  };

  document.querySelectorAll("form.idb-search").forEach(function (form) {
    new Search(form).wire();
  });
})();
