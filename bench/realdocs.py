#!/usr/bin/env python3
"""Real documentation trees (issue 11 §4): imported and built by almanac, and by Hugo.

Usage:
  python3 bench/realdocs.py [--shared ../shared] [--runs 3] [--binary target/release/almanac]
                            [--results bench/RESULTS.md] [--synthetic-pages 1000]

For each tree of SHARED/data/realdocs (the Hugo documentation, the Node.js blog):
  1. `almanac import docs TREE --into TMP/<tree>/almanac` (the Node.js blog with
     `--product nodejs` and SHARED/data/realdocs/nodejs-product.md as its product file), then
     `links: {broken: warn}` in its almanac.yaml: real trees have real broken links, and a
     site in migration builds while they are fixed. The import is timed once.
  2. SHARED/bench/realdocs_to_sites.py writes the same pages as a Hugo site (plain layout,
     shortcodes escaped so that Hugo prints them).
  3. One warm-up, then --runs timed builds of each, round-robin, each into a new output
     folder on the ordinary disk (under TMP; deleted only at the end, see bench/run --help): `almanac build --out` and
     `hugo --source --destination --quiet`. Then the same again over the existing output, as
     a writer rebuilds (almanac reuses the site before the last one; Hugo rewrites in place).
  4. For scale, a synthetic corpus of --synthetic-pages pages (bench/gen_corpus.py, seed 42)
     is built by almanac the same way: real trees' time per page should stay within 1.5x.
Reports median wall seconds, pages, time per page, and ratios, as a Markdown section
`## Real documentation trees` in --results (replacing an earlier one), and prints it.
Exits non-zero if a build fails. Hugo is skipped (and said so) when it is not on PATH.
"""
import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from results_md import write_section  # noqa: E402
ROOT = os.path.dirname(HERE)
SECTION = "## Real documentation trees"
TODAY = "2026-12-01"


def run(command, **kwargs):
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed, result


def import_tree(binary, tree, into, product_file):
    command = [binary, "import", "docs", tree, "--into", into]
    if product_file:
        command += ["--product", "nodejs"]
    elapsed, result = run(command)
    if product_file:
        products = os.path.join(into, "content", "products")
        os.makedirs(products, exist_ok=True)
        shutil.copy(product_file, os.path.join(products, "nodejs.md"))
    with open(os.path.join(into, "almanac.yaml"), "a") as config:
        config.write("links:\n  broken: warn\n")
    return elapsed, result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def fresh(out):
    """Removes an output and everything almanac keeps beside it."""
    shutil.rmtree(out, ignore_errors=True)
    parent, name = os.path.split(out)
    for entry in os.listdir(parent):
        if entry.startswith(f".{name}.almanac-"):
            path = os.path.join(parent, entry)
            shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.remove(path)


def almanac_build(binary, site, out, over_existing=False):
    # A fresh build keeps nothing of an earlier one: no output, no cache of highlighted
    # code blocks (a clean clone); a writer's rebuild has both.
    command = [binary, "build", "--root", site, "--out", out, "--today", TODAY]
    if not over_existing:
        fresh(out)
        command.append("--no-cache")
    elapsed, result = run(command)
    return elapsed, result.stdout.strip().splitlines()[-1]


def hugo_build(site, out, over_existing=False):
    if not over_existing:
        shutil.rmtree(out, ignore_errors=True)
    elapsed, _ = run(["hugo", "--source", site, "--destination", out, "--quiet"])
    return elapsed


def pages_of(summary):
    # "Built 916 pages (…" → 916
    words = summary.split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/almanac"))
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--synthetic-pages", type=int, default=1000)
    args = parser.parse_args()
    realdocs = os.path.join(args.shared, "data", "realdocs")
    to_sites = os.path.join(args.shared, "bench", "realdocs_to_sites.py")
    have_hugo = shutil.which("hugo") is not None
    tmp = tempfile.mkdtemp(prefix="almanac-realdocs-", dir=os.environ.get("TMPDIR", "/var/tmp"))
    rows = []
    try:
        trees = [("Hugo documentation", "hugo-docs", None),
                 ("Node.js blog", "nodejs-blog", os.path.join(realdocs, "nodejs-product.md"))]
        for label, name, product in trees:
            work = os.path.join(tmp, name)
            site = os.path.join(work, "almanac")
            import_s, import_summary = import_tree(args.binary, os.path.join(realdocs, name), site, product)
            subprocess.run([sys.executable, to_sites, os.path.join(realdocs, name), os.path.join(work, "sites")],
                           check=True, capture_output=True)
            rows.append(measure(args, label, site, os.path.join(work, "sites", "hugo") if have_hugo else None,
                                work, import_s, import_summary))
        corpus = os.path.join(tmp, "synthetic")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(args.synthetic_pages), corpus,
                        "--seed", "42"], check=True, capture_output=True)
        rows.append(measure(args, f"synthetic corpus ({args.synthetic_pages} pages)",
                            os.path.join(corpus, "almanac"), None, corpus, None, ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    section = report(args, rows, have_hugo)
    write_results(args.results, section)
    print(section)


def measure(args, label, site, hugo_site, work, import_s, import_summary):
    row = {"label": label, "import": import_s, "import_summary": import_summary}
    # Fresh runs each get a folder of their own, deleted with the temp dir at the end:
    # deleting an output just before a run leaves recently freed inodes that ext4 skips
    # for minutes, which slows the next run's file creation (see bench/run --help).
    serial = iter(range(1_000_000))
    output = lambda mode: os.path.join(work, "out" if mode == "existing" else f"out-{next(serial)}")
    for mode, over_existing in (("fresh", False), ("existing", True)):
        out = output(mode)
        almanac_build(args.binary, site, out, over_existing)  # warm-up
        if over_existing:
            almanac_build(args.binary, site, out, over_existing)  # the second tree to reuse
        if hugo_site:
            hugo_build(hugo_site, out + "-hugo", over_existing)
        almanac_times, hugo_times, summary = [], [], ""
        for _ in range(args.runs):
            out = output(mode)
            elapsed, summary = almanac_build(args.binary, site, out, over_existing)
            almanac_times.append(elapsed)
            if hugo_site:
                hugo_times.append(hugo_build(hugo_site, out + "-hugo", over_existing))
        row["pages"] = pages_of(summary)
        row["summary"] = summary
        row[f"almanac_{mode}"] = statistics.median(almanac_times)
        row[f"hugo_{mode}"] = statistics.median(hugo_times) if hugo_times else None
    return row


def report(args, rows, have_hugo):
    synthetic = rows[-1]
    per_page_synthetic = synthetic["almanac_fresh"] / max(synthetic["pages"], 1)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split(" ")[1] \
        if have_hugo else "not installed"
    lines = [SECTION, "",
             f"- date: {now}; machine: {os.cpu_count()} CPUs; outputs on the ordinary disk (TMPDIR or /var/tmp)",
             f"- command: `python3 bench/realdocs.py --runs {args.runs}`; Hugo {hugo_version}",
             "- almanac builds the tree as `almanac import docs` wrote it (with `links: {broken: warn}`); Hugo builds "
             "the same pages as written by `../shared/bench/realdocs_to_sites.py` (plain layout, shortcodes escaped)",
             f"- median of {args.runs} runs after a warm-up, each into a fresh output folder and with "
             "`--no-cache` (**fresh**: as from a clean clone), then each over the output of the run "
             "before, with the cache of highlighted code blocks (**existing**: how a writer rebuilds)", "",
             "| tree | pages | import | almanac fresh | per page | vs synthetic per page | Hugo fresh | Hugo / almanac "
             "| almanac existing | Hugo existing | Hugo / almanac |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    seconds = lambda value: f"{value:.2f} s" if value is not None else "—"
    ratio = lambda hugo, almanac: f"{hugo / almanac:.1f}x" if hugo is not None else "—"
    for row in rows:
        per_page = row["almanac_fresh"] / max(row["pages"], 1)
        lines.append(f"| {row['label']} | {row['pages']} | {seconds(row['import'])} | {seconds(row['almanac_fresh'])} | "
                     f"{per_page * 1000:.2f} ms | {per_page / per_page_synthetic:.2f}x | {seconds(row['hugo_fresh'])} | "
                     f"{ratio(row['hugo_fresh'], row['almanac_fresh'])} | {seconds(row['almanac_existing'])} | "
                     f"{seconds(row['hugo_existing'])} | {ratio(row['hugo_existing'], row['almanac_existing'])} |")
    lines.append("")
    for row in rows[:-1]:
        lines.append(f"- {row['label']}: import said \"{row['import_summary']}\"; build said \"{row['summary']}\"")
    return "\n".join(lines) + "\n"


def write_results(path, section):
    if not os.path.exists(path):
        with open(path, "w") as out:
            out.write("")
    write_section(path, SECTION, section)

if __name__ == "__main__":
    main()
