#!/usr/bin/env python3
# Copied unchanged (apart from this comment) from ../shared/bench/gen_corpus.py, the
# benchmark material for issue 6, so the bench runs from a clean clone. Used by bench/run.
"""Deterministic synthetic knowledge-base corpus generator.

Usage: gen_corpus.py N OUTDIR [--seed S]

Writes the SAME N pages (same titles, same body text, same front-matter data)
laid out for three tools:

  OUTDIR/hugo/    Hugo site: config.toml, content/<section>/*.md (YAML front
                  matter), layouts/ (baseof, single, list, terms, home).
  OUTDIR/zola/    Zola site: config.toml, content/<section>/_index.md + pages
                  (YAML '---' front matter, which Zola accepts), templates/.
  OUTDIR/mdbook/  mdBook: book.toml, src/SUMMARY.md, src/<section>/*.md
                  (front matter stripped).
  OUTDIR/almanac/ almanac site: almanac.yaml, content/products.yaml (release
                  cycles per product), content/<section>/*.md with typed front
                  matter per kind (guide/faq: product, versions, reviewed;
                  release: version; eol: eol_date, versions).

Mix: ~60% user-guide articles, 20% FAQs, 15% release notes, 5% end-of-life
notices. Bodies are 300-1500 words with headings, lists, tables, fenced code
blocks with a language, emphasis and inline links to other pages of the corpus.
Only the link syntax differs per tool (Hugo: /section/slug/, Zola: @/section/slug.md,
mdBook and almanac: ../section/slug.md); the link text and everything else is identical.
The Hugo content tree (YAML front matter) is also the input of the floor program.
"""
import argparse
import os
import random
import shutil
import textwrap

# --------------------------------------------------------------------------
# Vocabulary (hand-written)
# --------------------------------------------------------------------------
PRODUCTS = [
    ("Atlas Gateway", "atlas"), ("Nimbus Storage", "nimbus"), ("Cobalt CLI", "cobalt"),
    ("Orbit Agent", "orbit"), ("Quartz DB", "quartz"), ("Helix Console", "helix"),
    ("Beacon Monitor", "beacon"), ("Ferro Runtime", "ferro"),
]
NOUNS = [
    "cluster", "node", "gateway", "certificate", "token", "policy", "bucket", "replica",
    "snapshot", "volume", "endpoint", "listener", "route", "service", "tenant", "namespace",
    "workspace", "pipeline", "job", "queue", "worker", "index", "schema", "table", "query",
    "dashboard", "alert", "metric", "log stream", "audit trail", "backup", "restore point",
    "proxy", "load balancer", "cache", "session", "credential", "role", "permission",
    "API key", "webhook", "plugin", "extension", "configuration file", "environment variable",
    "license", "agent", "probe", "health check", "upgrade path", "migration", "rollback",
    "release channel", "feature flag", "quota", "rate limit", "connection pool", "timeout",
    "retry policy", "encryption key", "secret", "mount point", "partition", "shard",
]
VERBS = [
    "configure", "enable", "disable", "rotate", "inspect", "monitor", "restart", "deploy",
    "upgrade", "migrate", "restore", "back up", "tune", "scale", "register", "revoke",
    "validate", "export", "import", "troubleshoot", "secure", "isolate", "replicate",
    "schedule", "audit", "limit", "provision", "decommission", "reconcile", "refresh",
]
ADJS = [
    "primary", "secondary", "default", "custom", "encrypted", "read-only", "regional",
    "global", "temporary", "persistent", "shared", "dedicated", "managed", "external",
    "internal", "legacy", "experimental", "stable", "high-availability", "multi-tenant",
    "idle", "stale", "healthy", "degraded", "pending", "active", "archived", "scoped",
]
ADVS = [
    "automatically", "manually", "safely", "periodically", "immediately", "gradually",
    "silently", "explicitly", "implicitly", "incrementally", "atomically", "eventually",
]
CONNECT = [
    "Before you begin,", "In most deployments,", "By default,", "If necessary,",
    "For production systems,", "When the operation completes,", "As a rule of thumb,",
    "In clustered setups,", "After the upgrade,", "To avoid downtime,", "Optionally,",
    "On first start,", "In rare cases,", "For compliance reasons,",
]
OUTCOMES = [
    "the change takes effect without a restart", "existing sessions keep working",
    "the operation is recorded in the audit log", "clients reconnect within a few seconds",
    "the previous value is kept as a fallback", "no data is lost",
    "the status page reports the new state", "throughput stays within the configured limits",
    "the scheduler retries failed tasks", "metrics are exported every minute",
    "the command exits with a non-zero status", "a warning appears in the console",
]
TAGS = [
    "installation", "configuration", "security", "networking", "storage", "performance",
    "monitoring", "upgrade", "backup", "authentication", "authorization", "api", "cli",
    "troubleshooting", "high-availability", "logging", "tls", "kubernetes", "docker",
    "windows", "linux", "macos", "licensing", "migration", "compliance", "billing",
    "integrations", "webhooks", "plugins", "scaling", "database", "caching", "dns",
    "proxy", "sso", "ldap", "audit", "quotas", "alerts", "dashboards", "deprecation",
    "release", "eol", "faq", "getting-started", "best-practices", "reference", "known-issues",
]
LANGS = ["bash", "yaml", "json", "toml", "python", "rust", "sql", "ini"]
SECTIONS = [
    # key, title, share
    ("guides", "User Guides", 0.60),
    ("faq", "Frequently Asked Questions", 0.20),
    ("releases", "Release Notes", 0.15),
    ("eol", "End-of-Life Notices", 0.05),
]


def slugify(s):
    out = []
    for ch in s.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


class Gen:
    def __init__(self, n, seed):
        self.n = n
        self.rng = random.Random(seed)
        self.pages = []  # dicts: section, slug, title, ...

    # ---------------------------------------------------------------- text
    def noun(self):
        return self.rng.choice(NOUNS)

    def sentence(self, links=None):
        r = self.rng
        kind = r.randrange(6)
        n1, n2 = self.noun(), self.noun()
        if kind == 0:
            s = f"{r.choice(CONNECT)} {r.choice(VERBS)} the {r.choice(ADJS)} {n1} before you {r.choice(VERBS)} the {n2}"
        elif kind == 1:
            s = f"The {n1} is {r.choice(ADVS)} {r.choice(ADJS)} when the {n2} is {r.choice(ADJS)}, so {r.choice(OUTCOMES)}"
        elif kind == 2:
            s = f"You can {r.choice(VERBS)} a *{r.choice(ADJS)}* {n1} from the console or with the `{r.choice(PRODUCTS)[1]} {r.choice(VERBS).split()[0]}` command"
        elif kind == 3:
            s = f"{r.choice(CONNECT)} {r.choice(OUTCOMES)} once each {n1} has been {r.choice(ADVS)} updated"
        elif kind == 4:
            s = f"**Note:** a {r.choice(ADJS)} {n1} cannot be used as a {n2} until you {r.choice(VERBS)} it"
        else:
            s = f"Every {n1} keeps a reference to its {r.choice(ADJS)} {n2}, and {r.choice(OUTCOMES)}"
        if links is not None and r.random() < 0.18:
            s += ", as described in " + self.link_placeholder()
        s = s[0].upper() + s[1:]
        return s + "."

    def link_placeholder(self):
        # Target chosen now by index; rendered per tool later.
        tgt = self.rng.randrange(self.n)
        return "\x00LINK%d\x00" % tgt

    def paragraph(self, lo=3, hi=6):
        return " ".join(self.sentence(links=True) for _ in range(self.rng.randint(lo, hi)))

    def bullet_list(self, ordered=False, lo=3, hi=7):
        items = []
        for i in range(self.rng.randint(lo, hi)):
            mark = f"{i + 1}." if ordered else "-"
            items.append(f"{mark} {self.sentence(links=True)}")
        return "\n".join(items)

    def table(self):
        r = self.rng
        ncol = r.randint(3, 4)
        headers = ["Setting", "Default", "Description", "Since"][:ncol]
        rows = ["| " + " | ".join(headers) + " |", "|" + "|".join(["---"] * ncol) + "|"]
        for _ in range(r.randint(3, 8)):
            key = f"`{slugify(self.noun()).replace('-', '_')}.{slugify(r.choice(ADJS)).replace('-', '_')}`"
            cells = [key, str(r.choice([0, 1, 30, 60, 100, 512, "true", "false", "auto"])),
                     f"Controls how the {self.noun()} is {r.choice(ADVS)} handled",
                     f"{r.randint(1, 5)}.{r.randint(0, 9)}"][:ncol]
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def code_block(self, prod_short):
        r = self.rng
        lang = r.choice(LANGS)
        n1 = slugify(self.noun()).replace("-", "_")
        if lang == "bash":
            body = (f"{prod_short} {r.choice(VERBS).split()[0]} --{n1} {r.choice(ADJS)} --timeout {r.randint(5, 120)}s\n"
                    f"{prod_short} status --format json | jq '.{n1}'")
        elif lang == "yaml":
            body = f"{n1}:\n  enabled: true\n  mode: {r.choice(ADJS)}\n  retries: {r.randint(1, 9)}\n  targets:\n    - {self.noun()}\n    - {self.noun()}"
        elif lang == "json":
            body = f'{{\n  "{n1}": {{\n    "enabled": true,\n    "limit": {r.randint(10, 9000)},\n    "mode": "{r.choice(ADJS)}"\n  }}\n}}'
        elif lang == "toml":
            body = f'[{n1}]\nenabled = true\nlimit = {r.randint(10, 9000)}\nmode = "{r.choice(ADJS)}"'
        elif lang == "python":
            body = (f"import {prod_short}\n\nclient = {prod_short}.Client(region=\"eu-{r.randint(1, 4)}\")\n"
                    f"for item in client.list_{n1}s():\n    if item.state == \"{r.choice(ADJS)}\":\n        client.{r.choice(VERBS).split()[0]}(item.id)")
        elif lang == "rust":
            body = (f"let cfg = {prod_short}::Config::default()\n    .with_{n1}({r.randint(1, 64)})\n    .build()?;\n"
                    f"let handle = cfg.connect().await?;\nhandle.{r.choice(VERBS).split()[0]}().await?;")
        elif lang == "sql":
            body = f"SELECT id, state, updated_at\nFROM {n1}s\nWHERE state = '{r.choice(ADJS)}'\nORDER BY updated_at DESC\nLIMIT {r.randint(10, 500)};"
        else:
            body = f"[{n1}]\nenabled=1\nmode={r.choice(ADJS)}\nlimit={r.randint(10, 9000)}"
        return f"```{lang}\n{body}\n```"

    # ---------------------------------------------------------------- pages
    def plan(self):
        """Decide section, title, front matter of every page (needed before bodies for links)."""
        r = self.rng
        counts = []
        rem = self.n
        for i, (key, title, share) in enumerate(SECTIONS):
            c = rem if i == len(SECTIONS) - 1 else round(self.n * share)
            c = min(c, rem)
            counts.append(c)
            rem -= c
        idx = 0
        for (key, stitle, _), c in zip(SECTIONS, counts):
            for j in range(c):
                prod, short = r.choice(PRODUCTS)
                major, minor, patch = r.randint(1, 6), r.randint(0, 12), r.randint(0, 9)
                version = f"{major}.{minor}.{patch}"
                if key == "guides":
                    title = f"How to {r.choice(VERBS)} the {r.choice(ADJS)} {self.noun()} in {prod}"
                elif key == "faq":
                    title = f"{prod} FAQ: {r.choice(ADJS)} {self.noun()}s and {self.noun()}s"
                elif key == "releases":
                    title = f"{prod} {version} release notes"
                else:
                    title = f"End of life: {prod} {major}.{minor}"
                slug = f"{slugify(title)}-{idx:06d}"
                y = 2018 + (idx * 7919 % 8)
                date = f"{y}-{(idx * 31 % 12) + 1:02d}-{(idx * 17 % 28) + 1:02d}"
                tags = sorted(set(r.sample(TAGS, r.randint(2, 4))))
                desc = f"{title}: {r.choice(OUTCOMES)}."
                self.pages.append(dict(idx=idx, section=key, slug=slug, title=title, product=prod,
                                       short=short, version=version, date=date, tags=tags,
                                       weight=j + 1, description=desc))
                idx += 1

    def body(self, p):
        r = self.rng
        target = r.randint(300, 1500)
        parts = []
        short = p["short"]
        sec = p["section"]

        def words():
            return sum(len(x.split()) for x in parts)

        parts.append(self.paragraph(3, 5))
        if sec == "guides":
            parts += ["## Prerequisites", self.bullet_list()]
            parts += ["## Steps", self.bullet_list(ordered=True), self.code_block(short)]
            parts += ["## Configuration reference", self.table()]
            k = 0
            while words() < target - 60:
                k += 1
                parts += [f"## {r.choice(VERBS).capitalize()} the {self.noun()}", self.paragraph()]
                if k % 2 == 0:
                    parts.append(self.code_block(short))
                if k % 3 == 0:
                    parts.append(self.bullet_list())
            parts += ["## See also", "\n".join(f"- {self.link_placeholder()}" for _ in range(3))]
        elif sec == "faq":
            while words() < target - 20:
                parts += [f"### How do I {r.choice(VERBS)} a {r.choice(ADJS)} {self.noun()}?", self.paragraph(2, 5)]
                if r.random() < 0.3:
                    parts.append(self.code_block(short))
                if r.random() < 0.2:
                    parts.append(self.bullet_list())
        elif sec == "releases":
            parts += ["## Highlights", self.paragraph(2, 4)]
            parts += ["## New features", self.bullet_list(lo=4, hi=9)]
            fixes = [f"- Fixed a bug where the {self.noun()} was {r.choice(ADJS)} after a {self.noun()} "
                     f"change (#{r.randint(1000, 99999)})." for _ in range(r.randint(4, 12))]
            parts += ["## Bug fixes", "\n".join(fixes)]
            parts += ["## Component versions", self.table()]
            parts += ["## Upgrading", self.paragraph(2, 4), self.code_block(short)]
            while words() < target - 40:
                parts += [f"## Changes to the {self.noun()}", self.paragraph(), self.bullet_list()]
            parts += ["## Deprecations", "~~" + self.sentence() + "~~ " + self.sentence(links=True)]
        else:
            parts += ["## Support timeline",
                      "| Milestone | Date |\n|---|---|\n"
                      f"| General availability | {p['date']} |\n| End of maintenance | 20{r.randint(24, 27)}-06-30 |\n"
                      f"| End of life | 20{r.randint(27, 29)}-12-31 |"]
            parts += ["## What this means", self.paragraph(), self.bullet_list()]
            while words() < target - 40:
                parts += ["## Migration", self.paragraph(), self.code_block(short)]
            parts += ["## Related", "\n".join(f"- {self.link_placeholder()}" for _ in range(4))]
        return "\n\n".join(parts) + "\n"


def render_links(text, pages, tool):
    out = []
    pieces = text.split("\x00")
    for i, piece in enumerate(pieces):
        if i % 2 == 1:
            t = pages[int(piece[4:])]
            if tool == "hugo":
                url = f"/{t['section']}/{t['slug']}/"
            elif tool == "zola":
                url = f"@/{t['section']}/{t['slug']}.md"
            else:
                url = f"../{t['section']}/{t['slug']}.md"
            out.append(f"[{t['title']}]({url})")
        else:
            out.append(piece)
    return "".join(out)


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fm_hugo(p):
    return ("---\n"
            f"title: {yq(p['title'])}\n"
            f"date: {p['date']}\n"
            f"product: {yq(p['product'])}\n"
            f"version: {yq(p['version'])}\n"
            f"tags: [{', '.join(p['tags'])}]\n"
            f"weight: {p['weight']}\n"
            f"description: {yq(p['description'])}\n"
            "---\n\n")


def fm_zola(p):
    # Zola reads YAML front matter between '---' lines; custom keys go in extra, tags in taxonomies.
    return ("---\n"
            f"title: {yq(p['title'])}\n"
            f"date: {p['date']}\n"
            f"weight: {p['weight']}\n"
            f"description: {yq(p['description'])}\n"
            f"taxonomies:\n  tags: [{', '.join(p['tags'])}]\n"
            f"extra:\n  product: {yq(p['product'])}\n  version: {yq(p['version'])}\n"
            "---\n\n")


def fm_almanac(p):
    """Typed front matter per kind; release versions are unique per product (patch = page index)."""
    major = int(p["version"].split(".")[0])
    minor = int(p["version"].split(".")[1])
    lines = ["---", f"title: {yq(p['title'])}", f"product: {p['short']}"]
    if p["section"] == "releases":
        lines += [f"version: \"{major}.{minor}.{p['idx']}\"", f"date: {p['date']}"]
    elif p["section"] == "eol":
        lines += [f"eol_date: {p['date']}", f"versions: \"~{major}.{minor}\"", f"announced: {p['date']}"]
    else:
        lines += [f"versions: \">={major}.0\"", f"date: {p['date']}", f"reviewed: {p['date']}"]
    lines += [f"tags: [{', '.join(p['tags'])}]", f"weight: {p['weight']}",
              f"description: {yq(p['description'])}", "---", "", ""]
    return "\n".join(lines)


def almanac_products():
    out = ["products:"]
    for name, short in PRODUCTS:
        out += [f"  - id: {short}", f"    name: {yq(name)}", "    releases:"]
        for major in range(6, 0, -1):
            y = 2018 + major
            out += [f"      - releaseCycle: \"{major}\"", f"        releaseDate: {y}-03-01",
                    f"        eoas: {y + 1}-03-01" if major < 6 else "        eoas: false",
                    f"        eol: {y + 2}-03-01" if major < 5 else "        eol: false",
                    f"        latest: \"{major}.12.9\"", f"        latestReleaseDate: {y + 1}-01-15"]
    return "\n".join(out) + "\n"


HUGO_CONFIG = """baseURL = "http://localhost:1313/"
title = "Synthetic Knowledge Base"
languageCode = "en-us"
disableKinds = ["RSS"]
enableRobotsTXT = false
[taxonomies]
  tag = "tags"
[markup]
  [markup.highlight]
    codeFences = false
  [markup.goldmark.renderer]
    unsafe = false
"""

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}<a href="{{ "/tags/" | relURL }}">Tags</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Generated from a synthetic corpus.</footer>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta">{{ .Date.Format "2006-01-02" }} &middot; {{ .Params.product }} {{ .Params.version }}</p>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
<nav class="pager">
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">&larr; {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }} &rarr;</a>{{ end }}
</nav>
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <small>{{ .Date.Format "2006-01-02" }}</small></li>
{{ end }}</ul>
{{ end }}
"""

HUGO_TERMS = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"""

HUGO_HOME = """{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ range .Site.Sections }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>{{ range first 10 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>
{{ end }}
{{ end }}
"""

ZOLA_CONFIG = """base_url = "http://localhost:1111"
title = "Synthetic Knowledge Base"
compile_sass = false
build_search_index = false
generate_feeds = false
taxonomies = [{ name = "tags" }]

[markdown]
"""

ZOLA_BASE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header><a href="{{ get_url(path='/') }}">{{ config.title }}</a>
<nav>{% for s in ["guides", "faq", "releases", "eol"] %}{% set sec = get_section(path=s ~ "/_index.md", metadata_only=true) %}<a href="{{ sec.permalink | safe }}">{{ sec.title }}</a> {% endfor %}<a href="{{ get_url(path='/tags/') }}">Tags</a></nav>
</header>
<main>{% block main %}{% endblock main %}</main>
<footer>Generated from a synthetic corpus.</footer>
</body>
</html>
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
<p class="meta">{{ page.date | date(format="%Y-%m-%d") }} &middot; {{ page.extra.product }} {{ page.extra.version }}</p>
<ul class="tags">{% for t in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind='tags', name=t) }}">{{ t }}</a></li>{% endfor %}</ul>
{{ page.content | safe }}
<nav class="pager">
{% if page.lower %}<a href="{{ page.lower.permalink | safe }}">&larr; {{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a href="{{ page.higher.permalink | safe }}">{{ page.higher.title }} &rarr;</a>{% endif %}
</nav>
</article>
{% endblock main %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <small>{{ p.date | date(format="%Y-%m-%d") }}</small></li>
{% endfor %}</ul>
{% endblock main %}
"""

ZOLA_INDEX = """{% extends "base.html" %}
{% block main %}
<h1>{{ config.title }}</h1>
{% for s in ["guides", "faq", "releases", "eol"] %}{% set sec = get_section(path=s ~ "/_index.md") %}
<section><h2><a href="{{ sec.permalink | safe }}">{{ sec.title }}</a></h2>
<ul>{% for p in sec.pages | slice(end=10) %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}</ul></section>
{% endfor %}
{% endblock main %}
"""

ZOLA_TAX_LIST = """{% extends "base.html" %}
{% block main %}
<h1>Tags</h1>
<ul>
{% for term in terms %}<li><a href="{{ term.permalink | safe }}">{{ term.name }}</a> ({{ term.pages | length }})</li>
{% endfor %}</ul>
{% endblock main %}
"""

ZOLA_TAX_SINGLE = """{% extends "base.html" %}
{% block main %}
<h1>{{ term.name }}</h1>
<ul>
{% for p in term.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <small>{{ p.date | date(format="%Y-%m-%d") }}</small></li>
{% endfor %}</ul>
{% endblock main %}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args()
    if os.path.exists(a.outdir):
        shutil.rmtree(a.outdir)
    g = Gen(a.n, a.seed)
    g.plan()
    H, Z, M, A = (os.path.join(a.outdir, t) for t in ("hugo", "zola", "mdbook", "almanac"))
    write(f"{A}/almanac.yaml", 'title: "Synthetic Knowledge Base"\nbase_url: "http://localhost:1111/"\n')
    write(f"{A}/content/products.yaml", almanac_products())

    # site scaffolding
    write(f"{H}/config.toml", HUGO_CONFIG)
    write(f"{H}/layouts/_default/baseof.html", HUGO_BASEOF)
    write(f"{H}/layouts/_default/single.html", HUGO_SINGLE)
    write(f"{H}/layouts/_default/list.html", HUGO_LIST)
    write(f"{H}/layouts/_default/terms.html", HUGO_TERMS)
    write(f"{H}/layouts/index.html", HUGO_HOME)
    write(f"{Z}/config.toml", ZOLA_CONFIG)
    write(f"{Z}/templates/base.html", ZOLA_BASE)
    write(f"{Z}/templates/page.html", ZOLA_PAGE)
    write(f"{Z}/templates/section.html", ZOLA_SECTION)
    write(f"{Z}/templates/index.html", ZOLA_INDEX)
    write(f"{Z}/templates/tags/list.html", ZOLA_TAX_LIST)
    write(f"{Z}/templates/tags/single.html", ZOLA_TAX_SINGLE)
    write(f"{Z}/content/_index.md", '---\ntitle: "Synthetic Knowledge Base"\n---\n')
    write(f"{M}/book.toml", '[book]\ntitle = "Synthetic Knowledge Base"\nauthors = ["gen_corpus.py"]\nlanguage = "en"\nsrc = "src"\n')

    summary = ["# Summary", ""]
    intro = "This section is part of a synthetically generated knowledge base.\n"
    for key, stitle, _ in SECTIONS:
        write(f"{H}/content/{key}/_index.md", f'---\ntitle: "{stitle}"\n---\n\n{intro}')
        write(f"{Z}/content/{key}/_index.md", f'---\ntitle: "{stitle}"\nsort_by: "date"\n---\n\n{intro}')
        write(f"{M}/src/{key}/index.md", f"# {stitle}\n\n{intro}")
        write(f"{A}/content/{key}/_index.md", f'---\ntitle: "{stitle}"\n---\n\n{intro}')

    total_words = 0
    by_section = {}
    for p in g.pages:
        raw = g.body(p)
        total_words += len(raw.split())
        heading = f"# {p['title']}\n\n"
        write(f"{H}/content/{p['section']}/{p['slug']}.md", fm_hugo(p) + render_links(raw, g.pages, "hugo"))
        write(f"{Z}/content/{p['section']}/{p['slug']}.md", fm_zola(p) + render_links(raw, g.pages, "zola"))
        write(f"{M}/src/{p['section']}/{p['slug']}.md", heading + render_links(raw, g.pages, "mdbook"))
        write(f"{A}/content/{p['section']}/{p['slug']}.md", fm_almanac(p) + render_links(raw, g.pages, "mdbook"))
        by_section.setdefault(p["section"], []).append(p)
    for key, stitle, _ in SECTIONS:
        summary.append(f"- [{stitle}]({key}/index.md)")
        for p in by_section.get(key, []):
            t = p["title"].replace("[", "(").replace("]", ")")
            summary.append(f"  - [{t}]({key}/{p['slug']}.md)")
    write(f"{M}/src/SUMMARY.md", "\n".join(summary) + "\n")
    counts = {k: len(v) for k, v in by_section.items()}
    print(f"pages={len(g.pages)} sections={counts} words={total_words} avg_words={total_words // max(1, len(g.pages))}")


if __name__ == "__main__":
    main()
