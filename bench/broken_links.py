#!/usr/bin/env python3
"""What broken links cost: a site of N pages with M broken links, M = 0, 1k, 10k.

Usage:
  bench/broken_links.py [--pages 15000] [--broken 0,1000,10000] [--runs 3]
                        [--seed 20240601] [--bin PATH] [--before PATH] [--before-max 1000]
                        [--results bench/RESULTS.md | --results -] [--raw FILE]
  bench/broken_links.py --from-raw FILE [same options]   # rewrite the section only

It generates one corpus of N pages with bench/gen_corpus.py (seeded), then for each M
copies it and appends M broken links to its pages (spread over the pages, at most a few
per page), each a near miss of a real page: one to three random edits (insert, delete,
substitute, swap) of the page's slug or title, checked not to hit another page. They
come in four forms, in turn:

  [x](/guides/<slug typo>/)         missing-file       (the site's URLs are searched)
  [x](../guides/<slug typo>.md)     missing-page       (the site's source files)
  [[<title typo>]]                  unknown-wikilink   (titles, slugs, aliases)
  [x](../guides/<slug>.md#<typo>)   missing-anchor     (the target page's headings)

almanac.yaml gets `links: {broken: warn}`, so every build renders and writes the whole
site whatever M is, and the difference between rows is what the broken links cost:
resolving them, the did-you-mean searches, and printing the warnings. For each M it
times `almanac build` (fresh output directory, on /dev/shm when it is a tmpfs) and
`almanac check --format json` (no rendering), `--runs` times each after one warm-up,
and reads the link stage's time from ALMANAC_TIMINGS=1. It checks that check's JSON
lists exactly M broken links, and counts how many suggestions name the page the typo
was made from (a typo can be as close to another page, so this is not always 100%).

--before PATH: also times `check --format json` with another almanac binary (such as a
build of an earlier commit) for M <= --before-max (the old did-you-mean compared every
broken link with every page, minutes at 10k), with the `links:` key removed since older
binaries reject it, and reports whether both list the same broken links with the same
suggestions.

The Markdown section goes to stdout, and replaces the section between the markers
`<!-- broken_links.py -->` and `<!-- /broken_links.py -->` of --results (default
bench/RESULTS.md; appended when missing; `-` writes nowhere). bench/run rewrites
RESULTS.md as a whole, so run this after it. --raw FILE keeps the measured rows as JSON;
--from-raw FILE writes the section from them without measuring again.
"""
import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TODAY = "2026-11-23"
BEGIN, END = "<!-- broken_links.py -->", "<!-- /broken_links.py -->"
FORMS = ["missing-file", "missing-page", "unknown-wikilink", "missing-anchor"]


def log(message):
    print(f"[broken_links {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def almanac_binary(args):
    if args.bin:
        return Path(args.bin).resolve()
    log("cargo build --release")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return ROOT / "target" / "release" / "almanac"


def typo(rng, text, alphabet="abcdefghijklmnopqrstuvwxyz-"):
    """`text` with one to three random edits."""
    chars = list(text)
    for _ in range(rng.choice([1, 1, 2, 3])):
        at = rng.randrange(len(chars) + 1)
        kind = rng.choice(["insert", "delete", "substitute", "swap"])
        if kind == "insert" or len(chars) < 4:
            chars.insert(at, rng.choice(alphabet))
        elif kind == "delete" and at < len(chars):
            del chars[at]
        elif kind == "swap" and at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        elif at < len(chars):
            chars[at] = rng.choice(alphabet)
    return "".join(chars)


class Corpus:
    """The pages of the generated almanac site: file, section, slug, title, headings."""

    def __init__(self, site):
        self.site = site
        self.pages = []
        for path in sorted((site / "content").rglob("*.md")):
            if path.name == "_index.md":
                continue
            text = path.read_text(encoding="utf-8")
            title = re.search(r'^title: "?(.*?)"?$', text, re.M).group(1)
            headings = re.findall(r"^#{2,6} (.+)$", text, re.M)
            rel = path.relative_to(site)
            self.pages.append(
                {
                    "file": rel.as_posix(),
                    "section": rel.parts[1],
                    "slug": path.stem,
                    "title": title,
                    "headings": headings,
                }
            )
        self.slugs = {p["slug"] for p in self.pages}
        # What a wikilink can name: titles, titles as slugs, slugs (no aliases here).
        self.names = (
            {p["title"].lower() for p in self.pages}
            | {slugify(p["title"]) for p in self.pages}
            | {s.lower() for s in self.slugs}
        )
        self.guides = [p for p in self.pages if p["section"] == "guides"]


def slugify(text):
    """almanac's routes::slugify: letters, digits and `_` kept; spaces, `-`, `.` and `/`
    become one `-`; anything else is dropped."""
    out = []
    for c in text.lower():
        if c.isalnum() or c == "_":
            out.append(c)
        elif c in " \t\n-./" and out and out[-1] != "-":
            out.append("-")
    return "".join(out).rstrip("-")


def inject(corpus, site, count, seed):
    """Appends `count` broken links to the pages of `site`; returns (file, line) →
    the suggestion that names the page each typo was made from."""
    rng = random.Random(seed)
    expected = {}
    per_file = {}
    for i in range(count):
        form = FORMS[i % len(FORMS)]
        source = corpus.pages[(i * 7919) % len(corpus.pages)]
        target = rng.choice(corpus.guides)
        while True:
            if form == "unknown-wikilink":
                wrong = typo(rng, target["title"], "abcdefghijklmnopqrstuvwxyz ")
                ok = (
                    wrong == wrong.strip()
                    and wrong.lower() not in corpus.names
                    and slugify(wrong) not in corpus.names
                )
            elif form == "missing-anchor":
                if not target["headings"]:
                    target = rng.choice(corpus.guides)
                    continue
                heading = slugify(rng.choice(target["headings"]))
                wrong = typo(rng, heading)
                ok = wrong not in {slugify(h) for h in target["headings"]}
            else:
                wrong = typo(rng, target["slug"])
                ok = wrong not in corpus.slugs and wrong.strip("-") == wrong
            if ok and "]" not in wrong and "#" not in wrong:
                break
        if form == "missing-file":
            link, want = f"[x](/guides/{wrong}/)", f"/guides/{target['slug']}/"
        elif form == "missing-page":
            link = f"[x](../guides/{wrong}.md)"
            here = "" if source["section"] == "guides" else "../guides/"
            want = f"{here}{target['slug']}.md"
        elif form == "unknown-wikilink":
            link, want = f"[[{wrong}]]", f"[[{target['title']}]]"
        else:
            link = f"[x](../guides/{target['slug']}.md#{wrong})"
            want = f"#{heading}"
        per_file.setdefault(source["file"], []).append((link, want))
    for file, links in per_file.items():
        path = site / file
        text = path.read_text(encoding="utf-8")
        if not text.endswith("\n"):
            text += "\n"
        line = text.count("\n") + 1
        text += "\n"
        for link, want in links:
            line += 1
            text += f"See {link}.\n"
            expected[(file, line)] = want
        path.write_text(text, encoding="utf-8")
    return expected


def set_links_block(site, present):
    config = site / "almanac.yaml"
    lines = [l for l in config.read_text().splitlines() if not l.startswith("links:")]
    if present:
        lines.append("links: {broken: warn}")
    config.write_text("\n".join(lines) + "\n")


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd, env_extra=None):
    """Wall time, CPU time (user + sys), the link stage's ms, and the finished process."""
    env = dict(os.environ, **(env_extra or {}))
    cpu = cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    cpu = cpu_of_children() - cpu
    match = re.search(r"timing: link graph\s+([0-9.]+) ms", done.stderr)
    return (wall, cpu, float(match.group(1)) if match else None), done


def out_base():
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 3e9:
            return shm
    except OSError:
        pass
    return Path(tempfile.gettempdir())


KINDS = ["build", "build_cpu", "build_links", "check", "check_cpu", "check_links"]
TIMED = {"ALMANAC_TIMINGS": "1"}


def time_build(binary, site, outs):
    out = Path(tempfile.mkdtemp(dir=outs))
    shutil.rmtree(out)
    timing, done = run([binary, "build", "--root", site, "--out", out, "--today", TODAY], TIMED)
    shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        sys.exit(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr[-3000:]}")
    return timing, done


def time_check(binary, site):
    return run([binary, "check", "--format", "json", "--root", site, "--today", TODAY], TIMED)


def summarise(samples):
    """Median and min of each kind of sample."""
    result = {k: statistics.median(v) if v else None for k, v in samples.items()}
    result.update({f"{k}_min": min(v) if v else None for k, v in samples.items()})
    return result


def broken_of(done):
    text = done.stdout
    return json.loads(text)["broken_links"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=15000)
    parser.add_argument("--broken", default="0,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--bin")
    parser.add_argument("--before")
    parser.add_argument("--before-max", type=int, default=1000)
    parser.add_argument("--results", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--raw", help="also write the measured rows as JSON to this file")
    parser.add_argument("--from-raw", help="measure nothing: write the section from --raw's file")
    args = parser.parse_args()
    if args.from_raw:
        saved = json.loads(Path(args.from_raw).read_text())
        publish(args, saved["rows"], saved["version"], saved["took"], saved["when"])
        return
    counts = [int(c) for c in args.broken.split(",")]
    binary = almanac_binary(args)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="almanac-broken-links."))
    outs = Path(tempfile.mkdtemp(prefix="almanac-broken-links-out.", dir=out_base()))
    started = time.time()
    rows = []
    try:
        log(f"generating {args.pages} pages")
        subprocess.run(
            [sys.executable, BENCH / "gen_corpus.py", str(args.pages), tmp / "corpus", "--seed", str(args.seed)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        base = tmp / "corpus" / "almanac"
        corpus = Corpus(base)
        sites, expected = {}, {}
        for count in counts:
            sites[count] = tmp / f"site-{count}"
            shutil.copytree(base, sites[count])
            expected[count] = inject(corpus, sites[count], count, args.seed + count)
            set_links_block(sites[count], True)
        # Round-robin over the sizes, so that a busy machine slows every size alike.
        samples = {count: {kind: [] for kind in KINDS} for count in counts}
        last = {}
        for attempt in range(args.runs + 1):
            log(f"run {attempt}/{args.runs}" + (" (warm-up)" if attempt == 0 else ""))
            for count in counts:
                (wall, cpu, links), build = time_build(binary, sites[count], outs)
                (c_wall, c_cpu, c_links), check = time_check(binary, sites[count])
                last[count] = (build, check)
                if attempt:
                    for kind, value in zip(KINDS, [wall, cpu, links, c_wall, c_cpu, c_links]):
                        samples[count][kind].append(value)
        for count in counts:
            build, check = last[count]
            broken = broken_of(check)
            if len(broken) != count:
                sys.exit(f"M = {count}: check lists {len(broken)} broken links")
            want = expected[count]
            named = sum(1 for b in broken if want.get((b["file"], b["line"])) == b["suggestion"])
            row = {
                "count": count,
                **summarise(samples[count]),
                # The same round's run at the first size (M = 0) is its pair: the
                # median of the differences cancels a machine that gets busier or idler.
                **{
                    f"{kind}_paired": statistics.median(
                        x - y for x, y in zip(samples[count][kind], samples[counts[0]][kind])
                    )
                    for kind in KINDS
                    if samples[count][kind] and None not in samples[count][kind]
                },
                "named": named,
                "summary": build.stdout.strip().splitlines()[-1],
            }
            if args.before and count <= args.before_max:
                set_links_block(sites[count], False)
                log(f"M = {count}: one run of the --before binary")
                (wall, _, links), done = time_check(Path(args.before).resolve(), sites[count])
                row["before_check"], row["before_links"] = wall, links
                strip = lambda links: [{k: v for k, v in b.items() if k != "severity"} for b in links]
                row["same"] = strip(broken_of(done)) == strip(broken)
            rows.append(row)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(outs, ignore_errors=True)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    took = time.time() - started
    if args.raw:
        raw = {"rows": rows, "version": version, "took": took, "when": when}
        Path(args.raw).write_text(json.dumps(raw, indent=1))
    publish(args, rows, version, took, when)


def publish(args, rows, version, took, when):
    section = markdown(args, rows, version, took, when)
    print(section)
    if args.results != "-":
        write_section(Path(args.results), section)
        log(f"wrote the section into {args.results}")


def fmt(seconds, digits=2):
    return "–" if seconds is None else f"{seconds:.{digits}f}"


def markdown(args, rows, version, took, when):
    zero = next((r for r in rows if r["count"] == 0), None)
    lines = [
        BEGIN,
        "## Broken links: what M near-miss broken links cost on N pages",
        "",
        f"Written by `bench/broken_links.py --pages {args.pages} --broken {args.broken} --runs {args.runs}"
        + (" --before BIN" if args.before else "")
        + f"` on {when} (took {took / 60:.1f} min), "
        f"{version}, `nproc` = {os.cpu_count()}. {args.runs} timed runs of each command after a "
        "warm-up, taken in turn across the sizes; wall and CPU (user + sys) as median (min); "
        "link stage = `ALMANAC_TIMINGS` "
        "`link graph`, median. `links: {broken: warn}`, so every build writes the whole site "
        "whatever M is. The links are near misses of real pages (1-3 edits) in four forms in "
        "turn: URL, source file, wikilink, heading (see the script).",
        "",
        "| broken links | build wall (s) | build CPU (s) | build: link stage (ms) "
        "| check wall (s) | check CPU (s) | check: link stage (ms) | suggestion names the page the typo came from |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    both = lambda r, k: f"{fmt(r[k])} ({fmt(r[k + '_min'])})"
    for r in rows:
        share = f"{r['named']:,} of {r['count']:,}" if r["count"] else ""
        lines.append(
            f"| {r['count']:,} | {both(r, 'build')} | {both(r, 'build_cpu')} | {fmt(r['build_links'], 0)} "
            f"| {both(r, 'check')} | {both(r, 'check_cpu')} | {fmt(r['check_links'], 0)} | {share} |"
        )
    lines.append("")
    if zero is not None:
        for r in rows:
            if not r["count"]:
                continue
            paired = lambda k: r.get(f"{k}_paired", r[k] - zero[k])
            lines.append(
                f"- {r['count']:,} broken links add, as the median of the differences to the M = 0 run "
                f"of the same round: build {paired('build'):+.2f} s wall, {paired('build_cpu'):+.2f} s CPU; "
                f"check {paired('check'):+.2f} s wall, {paired('check_cpu'):+.2f} s CPU; "
                f"check's link stage {paired('check_links'):+.0f} ms."
            )
        steps = list(zip(rows, rows[1:]))
        if len(steps) >= 2:
            def step(kind, lo, hi):
                return (hi[kind] - lo[kind]) / (hi["count"] - lo["count"]) * 1000
            marginal = lambda kind, unit, scale: ", ".join(
                f"{lo['count']:,}→{hi['count']:,}: {step(kind, lo, hi) * scale:+.0f} {unit}" for lo, hi in steps
            )
            lines.append(
                "- Linear: what each further 1,000 broken links cost, between consecutive sizes "
                f"(check CPU, median): {marginal('check_cpu', 'ms', 1000)}; "
                f"(check's link stage, wall): {marginal('check_links', 'ms', 1)}. "
                "A cost of links × pages would grow from step to step; this stays flat or falls "
                "(the indexes are built once, on the first broken link)."
            )
    for r in rows:
        lines.append(f"- M = {r['count']:,}, almanac's summary: `{re.sub(r' → .*', '', r['summary'])}`")
    before = [r for r in rows if "before_check" in r]
    if before:
        lines.append("")
        lines.append(
            "The `--before` binary (`check --format json`, one run, without the "
            "`links:` key, which it does not know) against this one (median):"
        )
        lines.append("")
        lines.append(
            "| broken links | before: check wall (s) | before: link stage (ms) | now: check wall (s) "
            "| now: link stage (ms) | same broken links and suggestions |"
        )
        lines.append("|---:|---:|---:|---:|---:|---|")
        for r in before:
            lines.append(
                f"| {r['count']:,} | {fmt(r['before_check'])} | {fmt(r['before_links'], 0)} | {fmt(r['check'])} "
                f"| {fmt(r['check_links'], 0)} | {'yes' if r['same'] else '**no**'} |"
            )
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(path, section):
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
