#!/usr/bin/env python3
"""What each part of a built page weighs (issue 17, "Leaner pages").

    bench/page_weight.py OUT [--label NAME]

OUT is an almanac output directory (for the corpus: `bench/gen_corpus.py 1000 DIR
--seed 42`, then `almanac build --root DIR/almanac --out OUT --today 2026-12-01`).
Reads every content page (guides, FAQ, release notes, EOL notices: the pages a
reader lands on) and splits it into its parts by their outermost elements; bytes
not in any part are "other" (the page header, pager, feedback, actions, blank
lines between parts). Prints the median and mean bytes of each part, and output
bytes per page (all files under OUT / content pages) and the median HTML page,
as Markdown for bench/RESULTS.md's "Page weight" section.
"""
import argparse
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(__file__))

KINDS = ("guides", "faq", "releases", "eol")


def element(html, start):
    """(start, end) of the element whose start tag begins at `start`, counting nested
    tags of the same name."""
    name = re.match(r"<([a-zA-Z0-9]+)", html[start:]).group(1)
    tag = re.compile(r"<(/?)%s\b[^>]*>" % name)
    depth = 0
    for m in tag.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return start, m.end()
    return start, len(html)


def first(html, pattern):
    m = re.search(pattern, html)
    return element(html, m.start()) if m else None


PARTS = [
    ("head", r"<head>"),
    ("header (top bar)", r'<header class="topbar"'),
    ("sidebar", r'<nav id="sidebar"'),
    ("breadcrumbs", r'<nav class="breadcrumbs"'),
    ("body", r'<div class="content"'),
    ("toc", r'<aside class="toc"'),
    ("backlinks/related", r'<div class="see-also"'),
    ("footer", r'<footer class="footer"'),
]


def weigh(html):
    parts = {}
    covered = 0
    for name, pattern in PARTS:
        span = first(html, pattern)
        size = span[1] - span[0] if span else 0
        parts[name] = size
        covered += size
        if name == "body" and span:
            body = html[span[0]:span[1]]
            code = sum(e - s for s, e in (element(body, m.start()) for m in re.finditer(r"<pre\b", body)))
            parts["  body: code blocks"] = code
            parts["  body: prose"] = size - code
    scripts = sum(len(m.group(0)) for m in re.finditer(r"<script\b(?![^>]*ld\+json)[^>]*>.*?</script>", html[html.find("</head>"):], re.S))
    parts["scripts (end of body)"] = scripts
    covered += scripts
    parts["other"] = len(html.encode()) - covered
    parts["whole page"] = len(html.encode())
    return parts


def pages(out):
    for kind in KINDS:
        folder = os.path.join(out, kind)
        if not os.path.isdir(folder):
            continue
        for entry in sorted(os.listdir(folder)):
            path = os.path.join(folder, entry, "index.html")
            if os.path.isfile(path):
                yield path


def measure(out):
    rows = [weigh(open(p, encoding="latin-1").read()) for p in pages(out)]
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    html = sorted(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs if f.endswith(".html"))
    return rows, total, html


def table(rows, total, html, label):
    names = list(rows[0].keys())
    lines = [
        f"Content pages of {label}: {len(rows)}. Bytes of each part (median and mean over those pages; "
        "`other` is the page header, pager, feedback, actions and the blank lines between parts).",
        "",
        "| part | median (B) | mean (B) | share of mean page |",
        "|---|---:|---:|---:|",
    ]
    whole = statistics.mean(r["whole page"] for r in rows)
    for name in names:
        values = [r[name] for r in rows]
        mean = statistics.mean(values)
        lines.append(f"| {name.strip()} | {statistics.median(values):,.0f} | {mean:,.0f} | {100 * mean / whole:.0f}% |")
    lines += [
        "",
        f"Output: {total:,} bytes in all files / {len(rows)} content pages = **{total / len(rows):,.0f} bytes per page**; "
        f"{len(html)} HTML files, median {statistics.median(html):,.0f} bytes, total {sum(html):,} bytes.",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--label", default="the output")
    args = parser.parse_args()
    rows, total, html = measure(args.out)
    print(table(rows, total, html, args.label))


if __name__ == "__main__":
    main()
