/*
 * almanac search, the box: loaded by almanac.js on the first focus of the search
 * box. It shows what search-worker.js answers: a combobox with a listbox of
 * results (excerpt with the words marked, product, kind, stale status), product
 * and kind filters, and a live region with the number of matches. Texts come
 * from almanac.js's TEXT table.
 */
(function () {
  "use strict";

  var doc = document;
  var almanac = window.almanac || {};
  var TEXT = almanac.text;
  var input = doc.getElementById("search-input");
  if (!input || !TEXT || !window.Worker) return;

  var PAGE = 10;
  var box = input.closest(".search") || input.parentNode;
  // The results listbox: made here, as no page needs it before search does.
  var list = doc.getElementById("search-results");
  if (!list) {
    list = doc.createElement("ul");
    list.id = "search-results";
    list.className = "search-results";
    list.setAttribute("role", "listbox");
    box.appendChild(list);
  }

  var worker = new Worker(almanac.searchBase + "search-worker.js");
  worker.postMessage({ base: almanac.searchBase });

  var state = { id: 0, shown: [], count: 0, limit: PAGE, active: -1, filters: false };

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /* The panel: filters above the list, a line with the count below it. */
  var panel = el("div", "search-panel");
  panel.hidden = true;
  list.parentNode.insertBefore(panel, list);
  var filters = el("div", "search-filters");
  var product = filterSelect("search-product", TEXT.product, TEXT.allProducts);
  var kind = filterSelect("search-kind", TEXT.kind, TEXT.allKinds);
  filters.appendChild(product.wrap);
  filters.appendChild(kind.wrap);
  panel.appendChild(filters);
  list.hidden = false;
  panel.appendChild(list);
  var footer = el("p", "search-footer");
  footer.setAttribute("aria-hidden", "true");
  panel.appendChild(footer);

  var status = el("div", "visually-hidden");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  box.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  list.setAttribute("aria-label", TEXT.searchResults);

  function filterSelect(id, label, all) {
    var wrap = el("div", "search-filter");
    var text = el("label", null, label);
    text.htmlFor = id;
    var select = el("select");
    select.id = id;
    select.appendChild(option("", all));
    select.addEventListener("change", function () {
      state.limit = PAGE;
      query();
    });
    wrap.appendChild(text);
    wrap.appendChild(select);
    return { wrap: wrap, select: select };
  }

  function option(value, label) {
    var node = el("option", null, label);
    node.value = value;
    return node;
  }

  function fillFilters(lists) {
    if (state.filters || !lists) return;
    state.filters = true;
    lists.products.forEach(function (p) { product.select.appendChild(option(p[0], p[1])); });
    lists.kinds.forEach(function (k) { kind.select.appendChild(option(k[0], k[1])); });
    product.wrap.hidden = lists.products.length < 2;
  }

  function show() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function hide() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  function message(text) {
    clear();
    var li = el("li", "search-empty", text);
    li.setAttribute("role", "option");
    li.setAttribute("aria-disabled", "true");
    list.appendChild(li);
    footer.textContent = "";
    show();
  }

  function options() {
    return Array.prototype.slice.call(list.querySelectorAll('li[role="option"]:not([aria-disabled])'));
  }

  function setActive(n) {
    var items = options();
    state.active = n;
    items.forEach(function (li, i) { li.setAttribute("aria-selected", i === n ? "true" : "false"); });
    if (n >= 0 && items[n]) {
      input.setAttribute("aria-activedescendant", items[n].id);
      if (items[n].scrollIntoView) items[n].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  /* Text with [start, end) ranges wrapped in <mark>; text nodes only, never HTML. */
  function marked(className, text, ranges) {
    var node = el("span", className);
    var at = 0;
    (ranges || []).forEach(function (r) {
      if (r[0] > at) node.appendChild(doc.createTextNode(text.slice(at, r[0])));
      node.appendChild(el("mark", null, text.slice(r[0], r[1])));
      at = r[1];
    });
    if (at < text.length) node.appendChild(doc.createTextNode(text.slice(at)));
    return node;
  }

  function resultOption(r, i, twins) {
    var li = el("li", "search-result");
    li.id = "search-result-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.setAttribute("data-url", r.url);
    var line = el("span", "search-eyebrow");
    if (r.product) line.appendChild(el("span", "search-product", r.product));
    line.appendChild(el("span", "search-kind", r.kind));
    if (r.status) line.appendChild(el("span", "badge badge-" + r.status[1], r.status[0]));
    li.appendChild(line);
    var title = marked("search-title", r.title, r.titleMarks);
    // Two results of one title are told apart by their product, in the title itself.
    if (twins[r.title] > 1 && r.product) title.appendChild(el("span", "search-twin", " \u2014 " + r.product));
    li.appendChild(title);
    if (r.section) li.appendChild(el("span", "search-section", r.section));
    if (r.excerpt) li.appendChild(marked("search-excerpt", r.excerpt, r.marks));
    li.addEventListener("click", function (event) { open(r.url, event); });
    li.addEventListener("mousemove", function () { if (state.active !== i) setActive(i); });
    return li;
  }

  function moreOption(n) {
    var li = el("li", "search-more", TEXT.more(n));
    li.id = "search-result-more";
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.setAttribute("data-more", "");
    li.addEventListener("click", more);
    return li;
  }

  function render(reply, text) {
    clear();
    state.shown = reply.results;
    state.count = reply.count;
    if (!reply.count) {
      message(TEXT.noResults(text.trim()));
      status.textContent = TEXT.results(0);
      return;
    }
    var twins = {};
    reply.results.forEach(function (r) { twins[r.title] = (twins[r.title] || 0) + 1; });
    reply.results.forEach(function (r, i) { list.appendChild(resultOption(r, i, twins)); });
    if (reply.count > reply.results.length) list.appendChild(moreOption(reply.count - reply.results.length));
    footer.textContent = TEXT.results(reply.count);
    status.textContent = TEXT.results(reply.count);
    var keep = state.active;
    state.active = -1;
    if (keep >= 0) setActive(Math.min(keep, options().length - 1));
    show();
  }

  function query() {
    var text = input.value;
    if (!text.trim()) {
      clear();
      hide();
      status.textContent = "";
      return;
    }
    state.id += 1;
    var id = state.id;
    var started = performance.now();
    worker.onmessage = function (event) {
      var reply = event.data;
      if (reply.id !== state.id) return;
      if (reply.error) {
        message(TEXT.unavailable);
        return;
      }
      fillFilters(reply.filters);
      render(reply, text);
      // For tests and bench/search_bench.py: what was asked, how long the answer took.
      almanac.lastSearch = { query: text, ms: performance.now() - started, at: performance.now(), count: reply.count };
    };
    if (!list.firstChild) message(TEXT.loading);
    worker.postMessage({ id: id, query: text, product: product.select.value, kind: kind.select.value, limit: state.limit });
  }

  function more() {
    state.limit += PAGE;
    query();
  }

  function open(url, event) {
    if (event && (event.ctrlKey || event.metaKey || event.button === 1)) window.open(url, "_blank");
    else window.location.href = url;
  }

  function choose(n) {
    var item = options()[n];
    if (!item) return;
    if (item.hasAttribute("data-more")) more();
    else open(item.getAttribute("data-url"));
  }

  input.addEventListener("input", function () {
    state.limit = PAGE;
    state.active = -1;
    query();
  });

  input.addEventListener("focus", function () {
    if (input.value.trim() && list.firstChild) show();
  });

  input.addEventListener("keydown", function (event) {
    var key = event.key;
    var count = options().length;
    if (key === "ArrowDown" || key === "Down") {
      if (!count) return;
      event.preventDefault();
      show();
      setActive(state.active + 1 >= count ? 0 : state.active + 1);
    } else if (key === "ArrowUp" || key === "Up") {
      if (!count) return;
      event.preventDefault();
      show();
      setActive(state.active <= 0 ? count - 1 : state.active - 1);
    } else if (key === "Enter") {
      if (!count || panel.hidden) return;
      event.preventDefault();
      choose(state.active >= 0 ? state.active : 0);
    } else if (key === "Escape" || key === "Esc") {
      event.preventDefault();
      event.stopPropagation();
      if (!panel.hidden) hide();
      else if (input.value) {
        input.value = "";
        query();
      } else input.blur();
    }
  });

  // Keep focus in the input while clicking a result.
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });

  box.addEventListener("focusout", function (event) {
    if (event.relatedTarget && box.contains(event.relatedTarget)) return;
    hide();
  });

  doc.addEventListener("click", function (event) {
    if (!panel.hidden && !box.contains(event.target)) hide();
  });

  // Words typed while this script loaded.
  if (input.value.trim()) query();
})();
