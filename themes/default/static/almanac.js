/*
 * almanac default theme: theme toggle, navigation drawer, search,
 * copy buttons and table-of-contents highlighting.
 * Plain ES2017, no dependencies, no external requests. Every feature
 * checks for its elements first, so a template without them is fine.
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var THEME_KEY = "almanac-theme";
  var SVG_NS = "http://www.w3.org/2000/svg";

  function $(selector, context) {
    return (context || doc).querySelector(selector);
  }

  function $$(selector, context) {
    return Array.prototype.slice.call((context || doc).querySelectorAll(selector));
  }

  function run(name, fn) {
    try {
      fn();
    } catch (err) {
      if (window.console && console.error) console.error("almanac: " + name + " failed", err);
    }
  }

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function media(query) {
    return window.matchMedia ? window.matchMedia(query) : null;
  }

  function onMediaChange(mql, fn) {
    if (!mql) return;
    if (mql.addEventListener) mql.addEventListener("change", fn);
    else if (mql.addListener) mql.addListener(fn);
  }

  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  /* ---------------------------------------------------------------- */
  /* Theme toggle                                                      */
  /* ---------------------------------------------------------------- */

  function initTheme() {
    var button = $(".theme-toggle");
    var darkQuery = media("(prefers-color-scheme: dark)");
    var MOON = "M12 3a9 9 0 1 0 9 9 7 7 0 0 1-9-9z";
    var SUN = "M12 7.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9zM12 1.8v2.4M12 19.8v2.4M4.8 4.8l1.7 1.7M17.5 17.5l1.7 1.7M1.8 12h2.4M19.8 12h2.4M4.8 19.2l1.7-1.7M17.5 6.5l1.7-1.7";

    function current() {
      var theme = root.dataset.theme;
      if (theme === "light" || theme === "dark") return theme;
      return darkQuery && darkQuery.matches ? "dark" : "light";
    }

    function updateButton() {
      if (!button) return;
      var dark = current() === "dark";
      var label = dark ? "Switch to light theme" : "Switch to dark theme";
      button.setAttribute("aria-label", label);
      button.setAttribute("title", label);
      var path = $("path", button);
      if (!path) return;
      if (dark) {
        path.setAttribute("d", SUN);
        path.setAttribute("stroke", "currentColor");
        path.setAttribute("stroke-width", "2");
        path.setAttribute("stroke-linecap", "round");
      } else {
        path.setAttribute("d", MOON);
        path.removeAttribute("stroke");
        path.removeAttribute("stroke-width");
        path.removeAttribute("stroke-linecap");
      }
    }

    if (button) {
      button.addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        root.dataset.theme = next;
        try {
          localStorage.setItem(THEME_KEY, next);
        } catch (err) {
          /* private mode: the choice lasts for this page only */
        }
        updateButton();
      });
    }

    // Follow the OS while the reader has not picked a theme.
    onMediaChange(darkQuery, updateButton);

    // Keep several open tabs in step.
    window.addEventListener("storage", function (event) {
      if (event.key !== THEME_KEY) return;
      if (event.newValue === "light" || event.newValue === "dark") root.dataset.theme = event.newValue;
      else delete root.dataset.theme;
      updateButton();
    });

    updateButton();
  }

  /* ---------------------------------------------------------------- */
  /* Sidebar drawer (phones)                                           */
  /* ---------------------------------------------------------------- */

  function initSidebar() {
    var sidebar = $("#sidebar") || $(".sidebar");
    var toggle = $(".nav-toggle");
    if (!sidebar) return;

    // Bring the current page into view in a long sidebar.
    var currentLink = $('a[aria-current="page"]', sidebar);
    if (currentLink && sidebar.scrollHeight > sidebar.clientHeight) {
      var top = currentLink.offsetTop;
      if (top > sidebar.clientHeight * 0.6) sidebar.scrollTop = top - sidebar.clientHeight / 3;
    }

    if (!toggle) return;
    var body = doc.body;

    function isOpen() {
      return body.classList.contains("nav-open");
    }

    function setOpen(open, moveFocus) {
      body.classList.toggle("nav-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.setAttribute("aria-label", open ? "Close navigation" : "Open navigation");
      if (open && moveFocus) {
        var target = $('a[aria-current="page"]', sidebar) || $("a", sidebar);
        if (target) target.focus({ preventScroll: false });
      }
      if (!open && moveFocus) toggle.focus();
    }

    toggle.addEventListener("click", function () {
      setOpen(!isOpen(), !isOpen());
    });

    doc.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && isOpen()) {
        event.preventDefault();
        setOpen(false, true);
      }
    });

    // Click on the backdrop closes the drawer.
    doc.addEventListener("click", function (event) {
      if (!isOpen()) return;
      if (sidebar.contains(event.target) || toggle.contains(event.target)) return;
      setOpen(false, false);
    });

    // Following an in-page link from the drawer closes it.
    sidebar.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a") : null;
      if (link && isOpen()) setOpen(false, false);
    });

    // Keyboard focus leaving the drawer closes it.
    doc.addEventListener("focusin", function (event) {
      if (!isOpen()) return;
      var topbar = $(".topbar");
      if (sidebar.contains(event.target) || (topbar && topbar.contains(event.target))) return;
      setOpen(false, false);
    });

    // Growing past the phone breakpoint: no drawer any more.
    onMediaChange(media("(min-width: 800px)"), function (mql) {
      if (mql.matches && isOpen()) setOpen(false, false);
    });
  }

  /* ---------------------------------------------------------------- */
  /* Top navigation: mark the current section                          */
  /* ---------------------------------------------------------------- */

  function initTopnav() {
    var path = window.location.pathname;
    $$(".topnav a").forEach(function (link) {
      var target = link.pathname;
      if (!target || target === "/" || link.host !== window.location.host) return;
      if (path === target || path.indexOf(target.replace(/\/?$/, "/")) === 0) {
        link.setAttribute("aria-current", "true");
      }
    });
  }

  /* ---------------------------------------------------------------- */
  /* Search                                                            */
  /* ---------------------------------------------------------------- */

  /* The labels of page kinds come from the page (`data-kinds` on the search box),
     so that the site generator's one table of kinds is the only one. */
  var KIND_LABELS = (function () {
    var input = document.getElementById("search-input");
    try {
      return JSON.parse((input && input.getAttribute("data-kinds")) || "{}");
    } catch (e) {
      return {};
    }
  })();

  function fold(text) {
    var lower = String(text || "").toLowerCase();
    return lower.normalize ? lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : lower;
  }

  function words(text) {
    return fold(text).split(/[^0-9a-z\u00c0-\uffff]+/).filter(Boolean);
  }

  function kindLabel(kind) {
    if (!kind) return "Page";
    return KIND_LABELS[kind] || kind.charAt(0).toUpperCase() + kind.slice(1);
  }

  function prepare(records) {
    if (!Array.isArray(records)) return [];
    return records
      .filter(function (r) {
        return r && typeof r.t === "string" && typeof r.u === "string";
      })
      .map(function (r, index) {
        var headings = Array.isArray(r.h) ? r.h.filter(function (h) { return typeof h === "string"; }) : [];
        return {
          index: index,
          title: r.t,
          url: r.u,
          kind: r.k || "",
          product: r.p || "",
          t: fold(r.t),
          tw: words(r.t),
          headings: headings,
          h: headings.map(fold),
          d: fold(r.d || ""),
          p: fold(r.p || "")
        };
      });
  }

  function startsAWord(list, term) {
    for (var i = 0; i < list.length; i++) if (list[i].indexOf(term) === 0) return true;
    return false;
  }

  function search(index, query) {
    var q = fold(query).trim().replace(/\s+/g, " ");
    if (!q) return [];
    var terms = q.split(" ");
    var results = [];

    index.forEach(function (rec) {
      var titleHits = 0;
      var wordStarts = 0;
      var outsideTitle = [];
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i];
        if (rec.t.indexOf(term) !== -1) {
          titleHits++;
          if (startsAWord(rec.tw, term)) wordStarts++;
          continue;
        }
        var inHeading = rec.h.some(function (h) { return h.indexOf(term) !== -1; });
        if (!inHeading && rec.d.indexOf(term) === -1 && rec.p.indexOf(term) === -1) return; // every term must match
        outsideTitle.push(term);
      }

      var tier;
      var heading = null;
      if (rec.t.indexOf(q) === 0) {
        tier = 4;
      } else if (titleHits === terms.length) {
        tier = 3;
      } else {
        // Best heading: the one holding most of the terms the title lacks.
        var best = -1;
        var bestCount = 0;
        rec.h.forEach(function (h, n) {
          var count = outsideTitle.filter(function (term) { return h.indexOf(term) !== -1; }).length;
          if (count > bestCount) {
            bestCount = count;
            best = n;
          }
        });
        var headingsCover = outsideTitle.every(function (term) {
          return rec.h.some(function (h) { return h.indexOf(term) !== -1; });
        });
        tier = headingsCover ? 2 : 1;
        if (best !== -1) heading = rec.headings[best];
      }

      var score = tier * 1000 + wordStarts * 40 + titleHits * 20 - Math.min(rec.t.length, 200) / 10;
      if (tier === 1 && rec.d.indexOf(q) !== -1) score += 30; // whole phrase in the description
      results.push({ rec: rec, score: score, heading: heading });
    });

    results.sort(function (a, b) {
      return b.score - a.score || a.rec.index - b.rec.index;
    });
    return results.slice(0, 10);
  }

  // Append text to parent, wrapping the query terms in <mark>. Uses text nodes only.
  function appendHighlighted(parent, text, terms) {
    var lower = text.toLowerCase();
    var ranges = [];
    if (lower.length === text.length) {
      terms.forEach(function (term) {
        if (!term) return;
        var from = 0;
        var at;
        while ((at = lower.indexOf(term, from)) !== -1) {
          ranges.push([at, at + term.length]);
          from = at + term.length;
        }
      });
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    var pos = 0;
    merged.forEach(function (r) {
      if (r[0] > pos) parent.appendChild(doc.createTextNode(text.slice(pos, r[0])));
      parent.appendChild(el("mark", null, text.slice(r[0], r[1])));
      pos = r[1];
    });
    if (pos < text.length) parent.appendChild(doc.createTextNode(text.slice(pos)));
  }

  function initSearch() {
    var input = $("#search-input");
    var list = $("#search-results");
    if (!input || !list) return;
    var box = input.closest ? input.closest(".search") || input.parentNode : input.parentNode;

    var index = null;
    var loading = null;
    var failed = false;
    var results = [];
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    if (!list.id) list.id = "search-results";
    input.setAttribute("aria-controls", list.id);
    list.setAttribute("aria-label", "Search results");

    var status = el("div", "visually-hidden");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(status);

    function load() {
      if (index || loading) return loading;
      var url = input.getAttribute("data-index");
      if (!url || !window.fetch) {
        failed = true;
        return null;
      }
      loading = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          index = prepare(data);
          failed = false;
        })
        .catch(function (err) {
          failed = true;
          loading = null;
          if (window.console && console.warn) console.warn("almanac: search index not loaded", err);
        })
        .then(function () {
          if (doc.activeElement === input && input.value.trim()) update();
        });
      return loading;
    }

    function show() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function hide() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
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
      show();
    }

    function setActive(n) {
      var items = $$('li[role="option"]:not([aria-disabled])', list);
      active = n;
      items.forEach(function (li, i) {
        li.setAttribute("aria-selected", i === n ? "true" : "false");
      });
      if (n >= 0 && items[n]) {
        input.setAttribute("aria-activedescendant", items[n].id);
        if (items[n].scrollIntoView) items[n].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(query) {
      clear();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var terms = fold(query).trim().split(/\s+/).filter(Boolean);
      if (!results.length) {
        message("No results for \u201c" + query.trim() + "\u201d");
        status.textContent = "No results";
        return;
      }
      results.forEach(function (result, i) {
        var rec = result.rec;
        var li = el("li");
        li.id = "search-result-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        // Options hold no links (an interactive element inside an option is an
        // accessibility error): a click on the option opens its page.
        var link = el("span", "search-option");
        var title = el("span", "search-title");
        appendHighlighted(title, rec.title, terms);
        var metaParts = [kindLabel(rec.kind)];
        if (rec.product) metaParts.push(rec.product);
        var meta = el("span", "search-meta", metaParts.join(" \u00b7 ") + (result.heading ? " \u2014 " + result.heading : ""));
        link.appendChild(title);
        link.appendChild(meta);
        li.appendChild(link);
        li.addEventListener("click", function (event) {
          if (event.ctrlKey || event.metaKey || event.button === 1) window.open(rec.url, "_blank");
          else window.location.href = rec.url;
        });
        li.addEventListener("mousemove", function () {
          if (active !== i) setActive(i);
        });
        list.appendChild(li);
      });
      show();
      status.textContent = results.length === 1 ? "1 result" : results.length + " results";
    }

    function update() {
      var query = input.value;
      if (!query.trim()) {
        results = [];
        clear();
        hide();
        status.textContent = "";
        return;
      }
      if (!index) {
        // Start loading if nothing happened yet; a failed load is retried on the next focus only.
        if (!loading && !failed) load();
        if (loading) message("Loading\u2026");
        else message("Search is not available right now.");
        return;
      }
      results = search(index, query);
      render(query);
    }

    function go(n) {
      var result = results[n];
      if (result) window.location.href = result.rec.url;
    }

    input.addEventListener("focus", function () {
      load();
      if (input.value.trim() && list.childNodes.length) show();
    });

    input.addEventListener("input", update);

    input.addEventListener("keydown", function (event) {
      var key = event.key;
      var count = results.length;
      if (key === "ArrowDown" || key === "Down") {
        if (!count) return;
        event.preventDefault();
        if (list.hidden) show();
        setActive(active + 1 >= count ? 0 : active + 1);
      } else if (key === "ArrowUp" || key === "Up") {
        if (!count) return;
        event.preventDefault();
        if (list.hidden) show();
        setActive(active <= 0 ? count - 1 : active - 1);
      } else if (key === "Enter") {
        if (!count || list.hidden) return;
        event.preventDefault();
        go(active >= 0 ? active : 0);
      } else if (key === "Escape" || key === "Esc") {
        event.preventDefault();
        event.stopPropagation();
        if (input.value) {
          input.value = "";
          update();
        } else {
          hide();
          input.blur();
        }
      }
    });

    // Keep focus in the input while clicking a result.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    box.addEventListener("focusout", function (event) {
      if (event.relatedTarget && box.contains(event.relatedTarget)) return;
      hide();
    });

    doc.addEventListener("click", function (event) {
      if (!list.hidden && !box.contains(event.target)) hide();
    });

    // "/" or Ctrl/Cmd+K focuses the search box.
    doc.addEventListener("keydown", function (event) {
      var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
      var ctrlK = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey;
      if (!slash && !ctrlK) return;
      if (slash && isTyping(event.target)) return;
      event.preventDefault();
      input.focus();
      if (input.select) input.select();
    });

    if (doc.activeElement === input) load();
  }

  /* ---------------------------------------------------------------- */
  /* Copy buttons on code blocks                                       */
  /* ---------------------------------------------------------------- */

  function copyIcon() {
    var svg = doc.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    var rect = doc.createElementNS(SVG_NS, "rect");
    rect.setAttribute("x", "8");
    rect.setAttribute("y", "8");
    rect.setAttribute("width", "13");
    rect.setAttribute("height", "13");
    rect.setAttribute("rx", "2");
    var path = doc.createElementNS(SVG_NS, "path");
    path.setAttribute("d", "M16 8V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h3");
    svg.appendChild(rect);
    svg.appendChild(path);
    return svg;
  }

  function writeClipboard(text) {
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext !== false) {
      return navigator.clipboard.writeText(text).catch(function () {
        return legacyCopy(text);
      });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = el("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.top = "-1000px";
      area.style.opacity = "0";
      doc.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = doc.execCommand("copy");
      } catch (err) {
        ok = false;
      }
      doc.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });
  }

  function selectContents(node) {
    var selection = window.getSelection ? window.getSelection() : null;
    if (!selection || !doc.createRange) return;
    var range = doc.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function initCopyButtons() {
    $$("pre.code").forEach(function (pre) {
      var parent = pre.parentNode;
      if (!parent || (parent.classList && parent.classList.contains("code-block"))) return;

      // The language and the copy button sit in a bar above the code, never over it.
      var wrap = el("div", "code-block");
      var bar = el("div", "code-toolbar");
      var lang = pre.getAttribute("data-lang");
      if (lang && lang !== "text" && lang !== "plain" && lang !== "txt") bar.appendChild(el("span", "code-lang", lang));
      parent.insertBefore(wrap, pre);
      wrap.appendChild(bar);
      wrap.appendChild(pre);

      var button = el("button", "copy-button");
      button.type = "button";
      button.setAttribute("aria-label", "Copy code to clipboard");
      var label = el("span", null, "Copy");
      button.appendChild(copyIcon());
      button.appendChild(label);
      var timer = null;

      button.addEventListener("click", function () {
        var code = $("code", pre) || pre;
        var text = code.textContent.replace(/\n$/, "");
        writeClipboard(text).then(
          function () {
            label.textContent = "Copied";
            button.setAttribute("aria-label", "Copied");
            button.classList.add("is-copied");
          },
          function () {
            selectContents(code);
            label.textContent = "Press Ctrl+C";
            button.setAttribute("aria-label", "Copy failed: the code is selected, press Ctrl+C");
          }
        ).then(function () {
          clearTimeout(timer);
          timer = setTimeout(function () {
            label.textContent = "Copy";
            button.setAttribute("aria-label", "Copy code to clipboard");
            button.classList.remove("is-copied");
          }, 2000);
        });
      });

      bar.appendChild(button);
    });
  }

  /* ---------------------------------------------------------------- */
  /* Scrollable regions reachable by keyboard                          */
  /* ---------------------------------------------------------------- */

  function initScrollables() {
    function check() {
      $$("pre.code, .table-wrap").forEach(function (node) {
        var scrollable = node.scrollWidth > node.clientWidth + 1;
        if (scrollable && !node.hasAttribute("tabindex")) {
          node.setAttribute("tabindex", "0");
          node.setAttribute("data-scroll-focus", "");
          if (!node.hasAttribute("role") && node.tagName !== "PRE") {
            node.setAttribute("role", "region");
            node.setAttribute("aria-label", "Scrollable table");
          }
        } else if (!scrollable && node.hasAttribute("data-scroll-focus")) {
          node.removeAttribute("tabindex");
          node.removeAttribute("data-scroll-focus");
          if (node.getAttribute("aria-label") === "Scrollable table") {
            node.removeAttribute("role");
            node.removeAttribute("aria-label");
          }
        }
      });
    }
    check();
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 200);
    });
  }

  /* ---------------------------------------------------------------- */
  /* Table of contents: highlight the section being read               */
  /* ---------------------------------------------------------------- */

  function initToc() {
    var toc = $(".toc");
    if (!toc) return;
    var links = $$('a[href^="#"]', toc);
    var entries = [];
    links.forEach(function (link) {
      var id;
      try {
        id = decodeURIComponent(link.getAttribute("href").slice(1));
      } catch (err) {
        id = link.getAttribute("href").slice(1);
      }
      var target = id && doc.getElementById(id);
      if (target) entries.push({ link: link, target: target });
    });
    if (!entries.length) return;

    var current = null;
    var pending = false;

    function setCurrent(entry) {
      if (entry === current) return;
      if (current) {
        current.link.classList.remove("is-active");
        current.link.removeAttribute("aria-current");
      }
      current = entry;
      if (entry) {
        entry.link.classList.add("is-active");
        entry.link.setAttribute("aria-current", "location");
      }
    }

    function compute() {
      pending = false;
      var topbar = $(".topbar");
      var offset = (topbar ? topbar.offsetHeight : 0) + Math.min(220, window.innerHeight * 0.3);
      var atBottom = window.innerHeight + window.pageYOffset >= doc.documentElement.scrollHeight - 4;
      if (atBottom) {
        // The last headings may never reach the top: pick the last one on screen.
        for (var j = entries.length - 1; j >= 0; j--) {
          if (entries[j].target.getBoundingClientRect().top < window.innerHeight) {
            setCurrent(entries[j]);
            return;
          }
        }
      }
      var found = null;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].target.getBoundingClientRect().top <= offset) found = entries[i];
        else break;
      }
      setCurrent(found || entries[0]);
    }

    function schedule() {
      if (pending) return;
      pending = true;
      (window.requestAnimationFrame || setTimeout)(compute);
    }

    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(schedule, { rootMargin: "0px 0px -60% 0px", threshold: [0, 1] });
      entries.forEach(function (entry) {
        observer.observe(entry.target);
      });
    }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    window.addEventListener("hashchange", schedule);
    schedule();
  }

  /* ---------------------------------------------------------------- */

  function start() {
    run("theme", initTheme);
    run("sidebar", initSidebar);
    run("topnav", initTopnav);
    run("search", initSearch);
    run("copy", initCopyButtons);
    run("scrollables", initScrollables);
    run("toc", initToc);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
