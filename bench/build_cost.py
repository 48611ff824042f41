#!/usr/bin/env python3
"""What the search index adds to a build: one binary, one corpus, with and without the index.

Usage: bench/build_cost.py [--pages 10000] [--runs 3] [--bin PATH] [--work DIR]
                           [--out-parents /tmp,/dev/shm] [--results bench/RESULTS.md]

For each output parent (an ordinary disk folder and a tmpfs by default) it builds the
seeded corpus of bench/gen_corpus.py (generated once into --work) with the index off
(`ALMANAC_BENCH_NO_SEARCH=1`: no text collected, no packs, no shards) and on, in turn,
one warm-up of each and then --runs timed runs of each, interleaved (off, on, off, on, ...),
so both see the same machine load. Every run writes into a new folder (all are deleted
at the end, untimed), and `sync` runs before it, so no run pays for another's deletion
or write-back. Each run
records wall time, CPU time (user + system, of the build process) and the stage timings
of ALMANAC_TIMINGS=1. The medians replace the `<!-- search-build-cost -->` section of
--results (the rest of the file is kept) and go to stdout.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

import search_bench  # bench/, next to this script
from realdocs import fresh as remove_output  # the output and what almanac keeps beside it

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
SEED = search_bench.SEED
START = "<!-- search-build-cost -->"
END = "<!-- /search-build-cost -->"


def log(message):
    print(f"[build_cost {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_build(binary, site, out, with_index):
    subprocess.run(["sync"], check=False)
    env = {} if with_index else {"ALMANAC_BENCH_NO_SEARCH": "1"}
    saved = os.environ.pop("ALMANAC_BENCH_NO_SEARCH", None)
    try:
        timed = search_bench.timed_build(binary, site, out, env)
    finally:
        if saved is not None:
            os.environ["ALMANAC_BENCH_NO_SEARCH"] = saved
    return {
        "wall": timed["wall_s"],
        "cpu": timed["cpu_s"],
        "sys": timed["sys_s"],
        "pages_ms": timed["stages"].get("pages"),
        "index_ms": timed["stages"].get("search index"),
    }


def size_of(folder):
    files = total = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(parent, name))
    return files, total


def median(runs, key):
    values = [r[key] for r in runs if r[key] is not None]
    return statistics.median(values) if values else float("nan")


def section(args, rows, index):
    load = os.getloadavg()
    lines = [START, "## Search: what the index adds to the build (bench/build_cost.py)", "",
             f"Written by `bench/build_cost.py --pages {args.pages} --runs {args.runs}` on "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{binary_name(args.bin)}`, "
             f"corpus `gen_corpus.py {args.pages} --seed {SEED}`; load average at the end "
             f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores. "
             f"One binary, off (`ALMANAC_BENCH_NO_SEARCH=1`) and on in turn, medians of {args.runs} runs each "
             "after a warm-up; every run into a new folder (deleted at the end), `sync` before each, untimed. "
             f"The index: {index[0]:,} files, {index[1] / 1e6:.1f} MB.", "",
             "| output on | index | build wall (s) | build CPU (s) | of which system (s) | pages stage (ms) | search-index stage (ms) | wall added | CPU added |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for where, off, on in rows:
        for label, runs in (("off", off), ("on", on)):
            added_wall = added_cpu = ""
            if label == "on":
                added_wall = "%+.1f %%" % (100 * (median(on, "wall") / median(off, "wall") - 1))
                added_cpu = "%+.1f %%" % (100 * (median(on, "cpu") / median(off, "cpu") - 1))
            index_ms = median(runs, "index_ms")
            lines.append("| {} | {} | {:.2f} | {:.2f} | {:.2f} | {:.0f} | {} | {} | {} |".format(
                where, label, median(runs, "wall"), median(runs, "cpu"), median(runs, "sys"),
                median(runs, "pages_ms"), "—" if index_ms != index_ms else "%.0f" % index_ms,
                added_wall, added_cpu))
    lines += ["", "Every run, in the order taken (wall s / CPU s):", ""]
    for where, off, on in rows:
        pairs = ", ".join("%.2f/%.2f vs %.2f/%.2f" % (a["wall"], a["cpu"], b["wall"], b["cpu"])
                          for a, b in zip(off, on))
        lines.append(f"- {where}, off vs on: {pairs}")
    lines.append(END)
    return "\n".join(lines) + "\n"


def binary_name(path):
    relative = os.path.relpath(path, ROOT)
    return path if relative.startswith("..") else relative


def write_section(path, text):
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.S)
    after = "<!-- /search-bench -->\n"
    if pattern.search(old):
        new = pattern.sub(lambda _: text, old)
    elif after in old:  # next to the search figures
        new = old.replace(after, after + "\n" + text, 1)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    open(path, "w", encoding="utf-8").write(new)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "almanac"))
    parser.add_argument("--work", default="/tmp/almanac-build-cost")
    parser.add_argument("--out-parents", default="/tmp,/dev/shm",
                        help="comma-separated folders to write outputs in (disk, tmpfs)")
    parser.add_argument("--results", default=os.path.join(BENCH, "RESULTS.md"))
    parser.add_argument("--no-results", action="store_true", help="print only")
    args = parser.parse_args()
    corpus = os.path.join(args.work, f"corpus-{args.pages}")
    if not os.path.isdir(corpus):
        log(f"generating {args.pages} pages")
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), str(args.pages), corpus,
                        "--seed", SEED], check=True, stdout=subprocess.DEVNULL)
    site = os.path.join(corpus, "almanac")
    rows = []
    index = (0, 0)
    for parent in args.out_parents.split(","):
        kind = "tmpfs" if parent.startswith("/dev/shm") else "disk"
        where = f"{kind} (`{parent}`)"
        runs = {False: [], True: []}
        outs = []
        for n in range(args.runs + 1):
            for with_index in (False, True):
                # A new folder for every run, all deleted at the end: on ext4 a build
                # into space just freed by deleting the last output paid several
                # seconds of system time for it (see bench/run).
                out = os.path.join(parent, f"almanac-build-cost-{os.getpid()}-{n}-{'on' if with_index else 'off'}")
                outs.append(out)
                r = run_build(args.bin, site, out, with_index)
                if with_index and n == 0:
                    index = size_of(os.path.join(out, "search"))
                log(f"{where} index {'on ' if with_index else 'off'} run {n}: "
                    f"wall {r['wall']:.2f} s, CPU {r['cpu']:.2f} s, pages {r['pages_ms']} ms, index {r['index_ms']} ms"
                    + (" (warm-up)" if n == 0 else ""))
                if n > 0:
                    runs[with_index].append(r)
        for out in outs:
            remove_output(out)
        rows.append((where, runs[False], runs[True]))
    text = section(args, rows, index)
    print(text)
    if not args.no_results:
        write_section(args.results, text)
        log(f"written to {args.results}")


if __name__ == "__main__":
    main()
