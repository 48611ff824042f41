/*
 * almanac default theme: theme toggle, navigation drawer, copy buttons,
 * table-of-contents highlighting, "Was this page helpful?", and the loader of
 * search.js (on first use).
 * Plain ES2017, no dependencies, no external requests. Every feature
 * checks for its elements first, so a template without them is fine.
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var THEME_KEY = "almanac-theme";
  var SVG_NS = "http://www.w3.org/2000/svg";

  /* Every text the scripts show or say, in one table (search.js reads it too). */
  // Reader-facing texts in the site's language, from the theme's strings
  // (`script:` in strings/<language>.yaml), which strings.js sets before this runs;
  // the English fallbacks are for a theme that has no strings.js.
  var STRINGS = window.almanacStrings || {};

  function tr(key, fallback, values) {
    var text = STRINGS[key] || fallback;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(values[name]);
    });
    return text;
  }

  function count(n) {
    return n.toLocaleString(document.documentElement.lang || "en");
  }

  /* Every text the scripts show or say, in one table (search.js reads it too). */
  var TEXT = {
    toLight: tr("switch_to_light", "Switch to light theme"),
    toDark: tr("switch_to_dark", "Switch to dark theme"),
    openNav: tr("open_navigation", "Open navigation"),
    closeNav: tr("close_navigation", "Close navigation"),
    copy: tr("copy", "Copy"),
    copied: tr("copied", "Copied"),
    copyLabel: tr("copy_label", "Copy code to clipboard"),
    copyFailed: tr("copy_failed", "Press Ctrl+C"),
    copyFailedLabel: tr("copy_failed_label", "Copy failed: the code is selected, press Ctrl+C"),
    scrollableTable: tr("scrollable_table", "Scrollable table"),
    searchResults: tr("results_label", "Search results"),
    loading: tr("loading", "Loading\u2026"),
    unavailable: tr("unavailable", "Search is not available right now."),
    noResults: function (query) { return tr("no_results_for", "No results for \u201c{query}\u201d", { query: query }); },
    results: function (n) { return n === 1 ? tr("one_result", "1 result") : tr("results", "{count} results", { count: count(n) }); },
    more: function (n) { return tr("more_results", "Show more results ({count} more)", { count: count(n) }); },
    product: tr("product", "Product"),
    kind: tr("kind", "Kind"),
    allProducts: tr("all_products", "All products"),
    allKinds: tr("all_kinds", "All kinds")
  };
  var almanac = (window.almanac = window.almanac || {});
  almanac.text = TEXT;

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

    function current() {
      var theme = root.dataset.theme;
      if (theme === "light" || theme === "dark") return theme;
      return darkQuery && darkQuery.matches ? "dark" : "light";
    }

    function updateButton() {
      if (!button) return;
      var dark = current() === "dark";
      var label = dark ? TEXT.toLight : TEXT.toDark;
      button.setAttribute("aria-label", label);
      button.setAttribute("title", label);
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
      toggle.setAttribute("aria-label", open ? TEXT.closeNav : TEXT.openNav);
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
  /* Search: the box loads search.js (and it a worker) on first use     */
  /* ---------------------------------------------------------------- */

  function initSearch() {
    var input = $("#search-input");
    if (!input) return;
    // The index's manifest is at <base>search/index.json; the scripts sit at <base>.
    almanac.searchBase = (input.getAttribute("data-index") || "/search/index.json").replace(/search\/index\.json$/, "");
    var loaded = false;

    function load() {
      if (loaded) return;
      loaded = true;
      var script = el("script");
      script.src = almanac.searchBase + "search.js";
      script.async = true;
      doc.head.appendChild(script);
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", load);

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
      button.setAttribute("aria-label", TEXT.copyLabel);
      var label = el("span", null, TEXT.copy);
      button.appendChild(copyIcon());
      button.appendChild(label);
      var timer = null;

      button.addEventListener("click", function () {
        var code = $("code", pre) || pre;
        var text = code.textContent.replace(/\n$/, "");
        writeClipboard(text).then(
          function () {
            label.textContent = TEXT.copied;
            button.setAttribute("aria-label", TEXT.copied);
            button.classList.add("is-copied");
          },
          function () {
            selectContents(code);
            label.textContent = TEXT.copyFailed;
            button.setAttribute("aria-label", TEXT.copyFailedLabel);
          }
        ).then(function () {
          clearTimeout(timer);
          timer = setTimeout(function () {
            label.textContent = TEXT.copy;
            button.setAttribute("aria-label", TEXT.copyLabel);
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
            node.setAttribute("aria-label", TEXT.scrollableTable);
          }
        } else if (!scrollable && node.hasAttribute("data-scroll-focus")) {
          node.removeAttribute("tabindex");
          node.removeAttribute("data-scroll-focus");
          if (node.getAttribute("aria-label") === TEXT.scrollableTable) {
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
  /* Was this page helpful?                                            */
  /* ---------------------------------------------------------------- */

  /*
   * The block (templates/feedback.html) is hidden until this runs, so readers
   * without JavaScript see nothing that cannot work. One vote is one POST of
   * {"url", "page", "helpful", "comment", "version"} as JSON to the site's endpoint,
   * without cookies or any stored state; the texts shown come from the block's
   * data attributes, so templates hold every word readers see.
   */
  function initFeedback() {
    var block = $(".feedback[data-endpoint]");
    if (!block || !window.fetch || !window.JSON) return;
    var form = $(".feedback-form", block);
    var more = $(".feedback-more", block);
    var status = $(".feedback-status", block);
    var send = $(".feedback-send", block);
    var comment = $("textarea", block);
    var choices = $$(".feedback-choice", block);
    if (!form || !status || !send || !comment || !choices.length) return;
    var helpful = null;

    choices.forEach(function (button) {
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        helpful = button.getAttribute("data-helpful") === "true";
        choices.forEach(function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
        if (more) more.hidden = false;
        status.textContent = "";
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (helpful === null) {
        status.textContent = block.getAttribute("data-choose") || "";
        return;
      }
      var vote = {
        url: window.location.href.split("#")[0],
        page: block.getAttribute("data-page"),
        helpful: helpful,
        comment: comment.value.trim(),
        version: block.getAttribute("data-version")
      };
      send.disabled = true;
      window.fetch(block.getAttribute("data-endpoint"), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(vote),
        credentials: "omit",
        keepalive: true
      }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        form.hidden = true;
        status.textContent = block.getAttribute("data-thanks") || "";
      }).catch(function () {
        send.disabled = false;
        status.textContent = block.getAttribute("data-failed") || "";
      });
    });
    block.hidden = false;
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
    run("feedback", initFeedback);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
