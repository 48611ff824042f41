#!/usr/bin/env python3
"""Turns the per-run records of bench/run into the Markdown of bench/RESULTS.md.

Usage: summarize.py RECORDS.tsv ENV.txt NOTES.txt  (called by bench/run; writes to stdout)

RECORDS.tsv: size fs mode tool run status wall user sys maxrss_kb html bytes
             (fs = tmpfs|disk|<dir>, mode = fresh|existing, run = warmup|1..n)
ENV.txt:     key<TAB>value lines (machine, versions, commands, options)
NOTES.txt:   size<TAB>tool<TAB>last output lines of a failed run
"""
import statistics
import sys
from collections import OrderedDict

TOOLS = ["almanac", "floor", "hugo", "zola", "mdbook"]
PEERS = ["hugo", "zola", "mdbook"]


def read_env(path):
    env = OrderedDict()
    multi = {"almanac_summary": [], "corpus": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            key, _, value = line.partition("\t")
            if key in multi:
                multi[key].append(value)
            else:
                env[key] = value
    return env, multi


def read_records(path):
    recs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 12:
                continue
            size, fs, mode, tool, run, status, wall, user, sys_, rss, html, nbytes = parts

            def num(x, cast=float):
                try:
                    return cast(x)
                except ValueError:
                    return None

            recs.append(dict(size=int(size), fs=fs, mode=mode, tool=tool, run=run, status=status,
                             wall=num(wall),
                             cpu=(num(user) or 0.0) + (num(sys_) or 0.0), rss_kb=num(rss, int),
                             html=int(html), bytes=int(nbytes)))
    return recs


def fmt_s(x):
    if x is None:
        return "—"
    if x < 10:
        return f"{x:.3f}"
    return f"{x:.2f}" if x < 100 else f"{x:.1f}"


def ratio(a, b):
    return a / b if b else None


def fmt_ratio(x):
    return "—" if x is None else f"{x:.2f}×"


def stats_for(recs, size, tool, fs, mode):
    """None if the tool never ran at this size, file system and mode; else a dict (with
    'error' when it failed)."""
    mine = [r for r in recs if r["size"] == size and r["tool"] == tool and r["fs"] == fs
            and r["mode"] == mode]
    if not mine:
        return None
    timed = [r for r in mine if r["run"] != "warmup"]
    bad = [r for r in mine if r["status"] != "0"]
    if bad:
        st = bad[0]["status"]
        what = "timed out" if st == "timeout" else f"failed (exit {st})"
        when = "warm-up" if bad[0]["run"] == "warmup" else f"run {bad[0]['run']}"
        return dict(error=f"{what} in {when}")
    if not timed:
        return dict(error="no timed runs")
    walls = [r["wall"] for r in timed]
    last = timed[-1]
    return dict(
        runs=len(timed),
        wall=statistics.median(walls),
        wall_min=min(walls),
        wall_max=max(walls),
        cpu=statistics.median(r["cpu"] for r in timed),
        rss_mb=max(r["rss_kb"] for r in timed) / 1024.0,
        out_mb=last["bytes"] / 1e6,
        bytes_per_page=last["bytes"] / size,
        html=last["html"],
    )


MODE_TEXT = {"fresh": "from an empty output folder", "existing": "over the existing output"}


def pct_target(ok):
    return "**met**." if ok else "**not met**."


def main():
    records_path, env_path, notes_path = sys.argv[1:4]
    env, multi = read_env(env_path)
    recs = read_records(records_path)
    sizes, combos = [], []
    for r in recs:
        if r["size"] not in sizes:
            sizes.append(r["size"])
        if (r["fs"], r["mode"]) not in combos:
            combos.append((r["fs"], r["mode"]))
    smoke = env.get("smoke") == "1"
    runs = env.get("runs", "?")

    out = []
    w = out.append
    w("# almanac build benchmark" + (" (smoke run)" if smoke else ""))
    w("")
    args = (f"--sizes {env.get('sizes')} --runs {runs} --modes {env.get('modes')}"
            if not smoke else "--smoke")
    w(f"Written by `bench/run {args}` on {env.get('date')} "
      f"(took {int(env.get('bench_secs', '0')) // 60} min {int(env.get('bench_secs', '0')) % 60} s). "
      "Issues 6 and 17. Regenerate with `bench/run`; the machine is shared and noisy, so "
      "compare tools within one run, as ratios.")
    w("")
    w("## Machine")
    w("")
    w(f"- CPU: {env.get('cpu')} — `nproc` = {env.get('nproc')}")
    w(f"- Memory (`free -h` total): {env.get('memory')}")
    w(f"- Kernel: {env.get('kernel')}; {env.get('rustc')}; {env.get('python')}")
    for fs in env.get("fs_order", "").split(","):
        if fs:
            w(f"- Output on `{fs}`: {env.get('fs_' + fs, '?')}")
    if env.get("skipped_fs"):
        w(f"- Not measured: {env['skipped_fs']} (no tmpfs with room)")
    w(f"- Load average when the report was written: {env.get('loadavg', '?')}")
    w("")
    w("## Tools and commands")
    w("")
    w("`CORPUS` is `bench/gen_corpus.py N CORPUS --seed " + env.get("seed", "?") +
      "`; `OUT` is a new folder for every **fresh** run and the previous run's output for "
      "every **existing** run.")
    w("")
    w("| tool | version | command |")
    w("|---|---|---|")
    for t in TOOLS:
        if f"version_{t}" in env:
            v = env[f"version_{t}"] or "?"
            if t == "almanac":
                v += f" ({env.get('almanac_build')})"
            if t == "floor":
                v = "bench/floor (" + v + ")"
            w(f"| {t} | {v} | `{env.get(f'command_{t}')}` |")
        elif smoke and t in PEERS:
            w(f"| {t} | skipped (--smoke) | |")
        else:
            w(f"| {t} | not installed | |")
    w("")
    w("## Results")
    w("")
    w(f"Median over the timed runs (column `runs`; requested: {runs}) after a warm-up run per "
      "tool (two for **existing**, so that the timed runs rebuild over a rebuilt output); runs "
      "are round-robin across tools. CPU = user + sys. Peak RSS = max over the timed runs "
      "(`/usr/bin/time -f '%e %U %S %M'`). Output = `du -sb` of the output dir, and per page "
      "of the corpus; HTML = `*.html` files written. × floor and Hugo ÷ = ratios to the "
      "floor's and Hugo's medians in the same run, file system and mode.")
    table = {}
    for fs, mode in combos:
        w("")
        w(f"### Output on {fs}, {MODE_TEXT.get(mode, mode)} ({mode})")
        w("")
        w("| pages | tool | runs | wall median (s) | wall min–max (s) | CPU median (s) "
          "| peak RSS (MB) | output (MB) | bytes per page | HTML files | wall × floor "
          "| CPU × floor | Hugo ÷ tool (wall) |")
        w("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size in sizes:
            floor = stats_for(recs, size, "floor", fs, mode)
            hugo = stats_for(recs, size, "hugo", fs, mode)
            floor_ok = floor is not None and "error" not in floor
            hugo_ok = hugo is not None and "error" not in hugo
            for t in TOOLS:
                st = stats_for(recs, size, t, fs, mode)
                table[(size, t, fs, mode)] = st
                if st is None:
                    if t in PEERS:
                        why = "skipped (--smoke)" if smoke else "not installed"
                        w(f"| {size:,} | {t} | {why} | | | | | | | | | | |")
                    continue
                if "error" in st:
                    w(f"| {size:,} | {t} | {st['error']} | | | | | | | | | | |")
                    continue
                rw = ratio(st["wall"], floor["wall"]) if floor_ok else None
                rc = ratio(st["cpu"], floor["cpu"]) if floor_ok else None
                rh = ratio(hugo["wall"], st["wall"]) if hugo_ok and t != "hugo" else None
                name = f"**{t}**" if t == "almanac" else t
                w(f"| {size:,} | {name} | {st['runs']} | {fmt_s(st['wall'])} | "
                  f"{fmt_s(st['wall_min'])}–{fmt_s(st['wall_max'])} | {fmt_s(st['cpu'])} | "
                  f"{st['rss_mb']:.0f} | {st['out_mb']:.1f} | {st['bytes_per_page']:,.0f} | "
                  f"{st['html']:,} | {fmt_ratio(rw)} | {fmt_ratio(rc)} | {fmt_ratio(rh)} |")
    w("")

    def ok(size, tool, fs, mode):
        st = table.get((size, tool, fs, mode))
        return st if st and "error" not in st else None

    # the targets, where this run measured them
    if not smoke:
        w("## Targets of issue 17 (as measured in this run)")
        w("")
        for fs, mode in combos:
            a, f, h = ok(10000, "almanac", fs, mode), ok(10000, "floor", fs, mode), ok(10000, "hugo", fs, mode)
            if a and f:
                r = ratio(a["wall"], f["wall"])
                w(f"- 10,000 pages on {fs}, {mode}: at most 2× the floor's wall time: "
                  f"{r:.2f}× — " + pct_target(r <= 2.0))
            if a and h:
                r = ratio(h["wall"], a["wall"])
                w(f"- 10,000 pages on {fs}, {mode}: at least 3× faster than Hugo: "
                  f"Hugo takes {r:.2f}× almanac's time — " + pct_target(r >= 3.0))
        for fs, mode in combos:
            a100, a10 = ok(100000, "almanac", fs, mode), ok(10000, "almanac", fs, mode)
            if a100:
                w(f"- 100,000 pages on {fs}, {mode}: under 1 GB peak RSS: "
                  f"{a100['rss_mb']:.0f} MB — " + pct_target(a100["rss_mb"] < 1024))
                if a10:
                    g = (a100["wall"] / 100000) / (a10["wall"] / 10000)
                    w(f"- 100,000 pages on {fs}, {mode}: time per page within 1.2× of 10,000 "
                      f"pages': {g:.2f}× — " + pct_target(g <= 1.2))
        if not any(ok(100000, "almanac", fs, mode) for fs, mode in combos):
            w("- 100,000 pages (RSS < 1 GB, time per page): not measured in this run.")
        w("- Output bytes per page at most half of the issue's figure: see the `bytes per page` "
          "column and the Page weight section.")
        w("")

    w("<details><summary>Every run (wall s, CPU s, peak RSS MB)</summary>")
    w("")
    w("| pages | output on | mode | tool | run | status | wall (s) | CPU (s) | RSS (MB) |")
    w("|---:|---|---|---|---|---|---:|---:|---:|")
    for r in recs:
        rss = f"{r['rss_kb'] / 1024:.0f}" if r["rss_kb"] is not None else "—"
        w(f"| {r['size']:,} | {r['fs']} | {r['mode']} | {r['tool']} | {r['run']} | {r['status']} | "
          f"{fmt_s(r['wall'])} | {fmt_s(r['cpu'])} | {rss} |")
    w("")
    w("</details>")
    w("")
    w("## Corpus")
    w("")
    for c in multi["corpus"]:
        size, _, line = c.partition("\t")
        w(f"- N={size}: `{line.strip()}`")
    w("")
    w("## Notes")
    w("")
    w("- The tools do not do identical work. almanac runs with everything on (syntax "
      "highlighting, navigation, search index, feeds, link checking, stale flags). The floor "
      "only walks, parses front matter, renders Markdown and writes one file per page with a "
      "fixed shell (no highlighting, no listings). The Hugo site from gen_corpus.py has "
      "highlighting off (`codeFences = false`), RSS off, and taxonomies and section lists on. "
      "Zola has no search index and no feeds. The output size and HTML counts show how much "
      "each tool wrote.")
    w("- **fresh** runs each write to a new folder; outputs are deleted only after all runs of "
      "a size. On ext4, deleting an output just before a run leaves thousands of recently "
      "freed inodes that ext4 will not reuse for 60–300 s, and the scan past them made "
      "repeated 10,000-page builds slower and slower (the floor went from 0.7 s to 7.4 s). "
      "**existing** runs rebuild the previous run's output in place: almanac builds into a "
      "staging folder, reusing unchanged files by hard link, and swaps it in (a failed build "
      "leaves the old site intact); Hugo and the floor overwrite their files. The corpus is "
      "read from the page cache: it was just generated.")
    w(f"- almanac runs with `--today {env.get('today')}` so the stale flags are deterministic.")
    for s_ in multi["almanac_summary"]:
        size, _, line = s_.partition("\t")
        w(f"- almanac's own summary at N={size} (last run): `{line.strip()}`")
    try:
        with open(notes_path, encoding="utf-8") as f:
            for line in f:
                size, tool, tail = (line.rstrip("\n").split("\t") + ["", "", ""])[:3]
                if tool:
                    w(f"- {tool} at N={size} failed; its last output: `{tail.strip()[:300]}`")
    except FileNotFoundError:
        pass
    if not smoke:
        rps = [int(x) for x in env.get("runs_per_size", "").split(",") if x.strip().isdigit()]
        for size, n in zip(sizes, rps):
            if n < 5:
                what = ("single measurements, not medians" if n == 1
                        else f"medians of {n} runs")
                w(f"- N={size:,} was measured with {n} timed run(s) after the warm-up, not 5, "
                  f"to keep the whole run within its time budget; its figures are {what}.")
    extra = env.get("extra_note")
    if extra:
        w(f"- {extra}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
