/*
 * almanac search, the worker: loads the index shard by shard and answers queries
 * off the main thread. The index is written by src/render/search/ (see its docs):
 *   search/index.json      shard keys, page count, pages per pack, filters
 *   search/s/<n>.json      {e: [[word, pages, best postings, page set, their results
 *                          (, 1 for a prefix)]], p: [[page, title, URL, kind, product,
 *                          status, headings]]} for one range of words
 *   search/f/<name>.json   the page set of a product or kind filter
 *   search/p/<n>.json      what a result shows of pages n*g.. (title, URL, status,
 *                          headings, text), for results the shards do not carry
 * Messages in: {id, query, product, kind, limit}. Out: {id, count, results} or {id, error}.
 */
"use strict";

var base = "";
var manifest = null;
var cache = {}; // URL -> Promise of parsed JSON
var latest = 0;

/* Lower case without accents on Latin letters: the same table as fold() in
   src/render/search/text.rs, so a query folds like the text it searches. */
var FOLD = { "à": "a", "á": "a", "â": "a", "ã": "a", "ä": "a", "å": "a", "ç": "c", "è": "e", "é": "e", "ê": "e",
  "ë": "e", "ì": "i", "í": "i", "î": "i", "ï": "i", "ñ": "n", "ò": "o", "ó": "o", "ô": "o", "õ": "o", "ö": "o",
  "ù": "u", "ú": "u", "û": "u", "ü": "u", "ý": "y", "ÿ": "y" };

function fold(text) {
  return String(text).toLowerCase().replace(/[à-ÿ]/g, function (c) { return FOLD[c] || c; });
}

var WORD = /[\p{L}\p{N}_]+/gu;

/* The query's words as the index has them: folded runs of letters, digits and _. */
function queryWords(text) {
  var seen = {};
  return (fold(text).match(WORD) || [])
    .map(function (w) { return w.replace(/^_+|_+$/g, ""); })
    .filter(function (w) {
      if (Array.from(w).length < 2 || seen[w]) return false;
      seen[w] = true;
      return true;
    });
}

function load(url) {
  if (!cache[url]) {
    cache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
    cache[url].catch(function () { delete cache[url]; });
  }
  return cache[url];
}

function bytes(b64) {
  var raw = atob(b64);
  var out = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function varints(b64) {
  var data = bytes(b64);
  var out = [];
  var value = 0;
  var shift = 0;
  for (var i = 0; i < data.length; i++) {
    value += (data[i] & 0x7f) * Math.pow(2, shift);
    if (data[i] & 0x80) shift += 7;
    else {
      out.push(value);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/* A page set ("b" + bitset or "d" + gaps) as a bitset of manifest.n pages. */
function pageSet(text) {
  var set = new Uint8Array((manifest.n + 7) >> 3);
  if (text.charAt(0) === "b") {
    set.set(bytes(text.slice(1)).subarray(0, set.length));
  } else {
    var id = 0;
    varints(text.slice(1)).forEach(function (gap, i) {
      id = i === 0 ? gap : id + gap;
      set[id >> 3] |= 1 << (id & 7);
    });
  }
  return set;
}

function has(set, id) {
  return (set[id >> 3] & (1 << (id & 7))) !== 0;
}

function and(a, b) {
  for (var i = 0; i < a.length; i++) a[i] &= b[i];
  return a;
}

function count(set) {
  var n = 0;
  for (var i = 0; i < set.length; i++) for (var v = set[i]; v; v &= v - 1) n++;
  return n;
}

function start() {
  if (!manifest) {
    manifest = load(base + "search/index.json").then(function (m) {
      manifest = m;
      return m;
    });
  }
  return Promise.resolve(manifest);
}

/* Strings by code point, as the index sorts them (UTF-16 order differs above U+FFFF). */
function compare(a, b) {
  var i = 0;
  var j = 0;
  while (i < a.length && j < b.length) {
    var x = a.codePointAt(i);
    var y = b.codePointAt(j);
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return (a.length - i) - (b.length - j);
}

/* The one shard where the words that begin with `word` start: the last whose key
   is not above it. Where they go on past it, it has the prefix's own entry. */
function shardFor(word) {
  var keys = manifest.k;
  var lo = 0;
  var hi = keys.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (compare(keys[mid], word) <= 0) lo = mid;
    else hi = mid - 1;
  }
  return base + "search/s/" + lo + ".json";
}

/* The shard's page rows by page id, made once per shard. */
function rows(shard) {
  if (!shard.rows) {
    shard.rows = {};
    shard.p.forEach(function (row) { shard.rows[row[0]] = row; });
  }
  return shard.rows;
}

/* What one query word matches: its set of pages, the known scores, and the results
   the shard carries for them. A word is a prefix: "cat" finds "catalog" (at 3/4 of
   the score) but never "application"; a prefix's own entry, where the shard has
   one, is all its words at once. */
function matchWord(word) {
  return load(shardFor(word)).then(function (shard) {
    var set = new Uint8Array((manifest.n + 7) >> 3);
    var scores = {};
    var floor = 0;
    var own = shard.e.filter(function (e) { return e[5] === 1 && e[0] === word; });
    var entries = own.length ? own : shard.e.filter(function (e) { return e.length < 6 && e[0].indexOf(word) === 0; });
    var pages = rows(shard);
    entries.forEach(function (entry) {
      var weight = entry[5] === 1 ? 0.25 : entry[0] === word ? 1 : 0.75;
      var terms = pageSet(entry[3]);
      for (var i = 0; i < set.length; i++) set[i] |= terms[i];
      var block = varints(entry[2]);
      for (var j = 0; j + 2 < block.length; j += 3) {
        var page = block[j];
        var score = block[j + 1] * weight;
        var known = scores[page];
        if (!known || known.score < score) {
          var shown = entry[4][j / 3];
          scores[page] = {
            score: score,
            heading: block[j + 2],
            shown: shown && pages[page] ? { excerpt: shown[0], heading: shown[1], row: pages[page] } : null
          };
        }
      }
      // Pages past the best postings score at most the last one shown.
      if (entry[1] > manifest.b && block.length) floor = Math.max(floor, block[block.length - 2] * weight);
    });
    return { set: set, scores: scores, floor: floor };
  });
}

function filterSet(name) {
  return load(base + "search/f/" + encodeURIComponent(name) + ".json").then(pageSet);
}

/* Matching pages, best first: pages with known scores by their sum (a word's
   unknown score counts half its floor), then the rest in page order. */
function rank(words, set, limit) {
  var totals = {};
  words.forEach(function (w) {
    Object.keys(w.scores).forEach(function (page) {
      if (has(set, +page)) totals[page] = true;
    });
  });
  var ranked = Object.keys(totals).map(function (page) {
    var score = 0;
    var heading = 0;
    var shown = null;
    words.forEach(function (w) {
      var known = w.scores[page];
      if (known) {
        score += known.score;
        if (!heading) heading = known.heading;
        if (!shown) shown = known.shown;
      } else score += w.floor / 2;
    });
    return { page: +page, score: score, heading: heading, shown: shown };
  });
  ranked.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
  for (var id = 0; ranked.length < limit && id < manifest.n; id++) {
    if (has(set, id) && !totals[id]) ranked.push({ page: id, score: 0, heading: 0, shown: null });
  }
  return ranked.slice(0, limit);
}

/* The excerpt: the section of the matched heading (else the first section with a
   match), cut around the first match, with [start, end) ranges of every word
   that begins with a query word. */
function excerpt(fragment, heading, words) {
  var sections = fragment.x || [];
  var pick = null;
  var at = -1;
  var order = sections.filter(function (s) { return s[0] === heading; }).concat(sections);
  for (var i = 0; i < order.length && at < 0; i++) {
    at = firstMatch(order[i][1], words);
    if (at >= 0) pick = order[i];
  }
  if (!pick) return { text: fragment.d || (sections[0] ? clip(sections[0][1], 0).text : ""), marks: [], heading: 0 };
  var cut = clip(pick[1], at);
  return { text: cut.text, marks: marks(cut.text, words), heading: pick[0] };
}

function firstMatch(text, words) {
  var folded = fold(text);
  if (folded.length !== text.length) return -1;
  var found = -1;
  WORD.lastIndex = 0;
  var m;
  while ((m = WORD.exec(folded)) && found < 0) {
    for (var i = 0; i < words.length; i++) if (m[0].indexOf(words[i]) === 0) found = m.index;
  }
  return found;
}

/* As window() in src/render/search/text.rs cuts the excerpts the shards carry. */
function clip(text, at) {
  var from = Math.max(0, at - 40);
  var to = Math.min(text.length, at + 120);
  if (from > 0) from = text.indexOf(" ", from) + 1 || from;
  if (to < text.length) to = text.lastIndexOf(" ", to) > at ? text.lastIndexOf(" ", to) : to;
  return { text: (from > 0 ? "\u2026" : "") + text.slice(from, to) + (to < text.length ? "\u2026" : "") };
}

function marks(text, words) {
  var folded = fold(text);
  var out = [];
  if (folded.length !== text.length) return out;
  WORD.lastIndex = 0;
  var m;
  while ((m = WORD.exec(folded))) {
    for (var i = 0; i < words.length; i++) {
      if (m[0].indexOf(words[i]) === 0) {
        out.push([m.index, m.index + m[0].length]);
        break;
      }
    }
  }
  return out;
}

/* A result the shard carries: [page, title, URL, kind, product, status, headings]. */
function shownResult(shown, words) {
  var row = shown.row;
  var heading = null;
  row[6].forEach(function (h) { if (h[0] === shown.heading) heading = h; });
  return {
    title: row[1],
    titleMarks: marks(row[1], words),
    url: row[2] + (heading ? "#" + heading[1] : ""),
    section: heading ? heading[2] : "",
    kind: manifest.c[row[3]] ? manifest.c[row[3]][1] : "",
    product: row[4] >= 0 && manifest.p[row[4]] ? manifest.p[row[4]][1] : "",
    status: row[5] || null,
    excerpt: shown.excerpt,
    marks: marks(shown.excerpt, words)
  };
}

/* A result from the page's pack. */
function result(hit, fragment, words) {
  var cut = excerpt(fragment, hit.heading, words);
  // The result opens the section its excerpt is from, or the top for a word of the title.
  var heading = hit.heading ? cut.heading || hit.heading : 0;
  var anchor = heading && fragment.h[heading - 1] ? "#" + fragment.h[heading - 1][0] : "";
  return {
    title: fragment.t,
    titleMarks: marks(fragment.t, words),
    url: fragment.u + anchor,
    section: heading && fragment.h[heading - 1] ? fragment.h[heading - 1][1] : "",
    kind: fragment.k,
    product: fragment.p || "",
    status: fragment.s,
    excerpt: cut.text,
    marks: cut.marks
  };
}

function answer(message) {
  return start().then(function () {
    var words = queryWords(message.query);
    if (!words.length) return { count: 0, results: [] };
    var filters = [];
    if (message.product) filters.push(filterSet("product-" + message.product));
    if (message.kind) filters.push(filterSet("kind-" + message.kind));
    return Promise.all([Promise.all(words.map(matchWord)), Promise.all(filters)]).then(function (found) {
      if (message.id !== latest) return null;
      var matched = found[0];
      var set = matched[0].set.slice();
      matched.slice(1).forEach(function (w) { and(set, w.set); });
      found[1].forEach(function (f) { and(set, f); });
      var hits = rank(matched, set, message.limit || 10);
      // Only the results the shards do not carry fetch their packs.
      return Promise.all(hits.map(function (hit) {
        return hit.shown ? null : load(base + "search/p/" + Math.floor(hit.page / manifest.g) + ".json");
      })).then(function (packs) {
        return {
          count: count(set),
          results: hits.map(function (hit, i) {
            return hit.shown ? shownResult(hit.shown, words) : result(hit, packs[i][hit.page % manifest.g], words);
          })
        };
      });
    });
  });
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.base != null) {
    base = message.base;
    start().catch(function () {});
    return;
  }
  latest = message.id;
  answer(message).then(
    function (reply) {
      if (reply && message.id === latest) {
        reply.id = message.id;
        reply.filters = { products: manifest.p, kinds: manifest.c };
        self.postMessage(reply);
      }
    },
    function (err) { self.postMessage({ id: message.id, error: String(err) }); }
  );
};
