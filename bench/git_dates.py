#!/usr/bin/env python3
"""What `dates: {from_git: true}` adds to a build, on a repository the size of a real help center.

Usage: bench/git_dates.py [--pages 10000] [--commits 20000] [--runs 5] [--seed S]
                          [--layout nested|flat] [--bin PATH] [--keep] [--repo DIR]
                          [--results bench/RESULTS.md]

1. Generates the almanac corpus of bench/gen_corpus.py (--pages pages, seeded).
2. Turns it into a git repository with --commits commits in one `git fast-import` stream
   (seconds, where 20,000 `git commit`s would take many minutes): the first commit adds
   the whole site, each later one edits one to three pages (author dates an hour or so
   apart, over about three years), and every 50th renames a page, which a later commit
   renames back, so dates must be followed through renames for the final tree.
3. Times `almanac build` with `from_git` off and on (round-robin, --runs timed runs each
   after one warm-up), and the `git log` almanac runs on its own.
4. Writes the medians to the "Dates from git" section of --results (replacing an earlier
   one; the rest of the file is kept) and to stdout.

Requirements: git, python3, cargo (unless --bin).
"""
import argparse
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

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
TODAY = "2026-11-23"
START = 1_700_000_000  # 2023-11-14: the first commit
STEP = 4_700  # seconds between commits: 20,000 commits span about three years
SECTION_START = "<!-- git-dates: written by bench/git_dates.py -->"
LAYOUTS = {
    "nested": "sub-folders of at most 100 pages",
    "flat": "gen_corpus.py's layout: one folder per section, 6,000 guides in one",
}
SECTION_END = "<!-- /git-dates -->"


def log(message):
    print(f"[git_dates {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build_almanac():
    log("cargo build --release")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "almanac")


def generate_site(pages, seed, tmp):
    corpus = os.path.join(tmp, "corpus")
    log(f"generating {pages} pages")
    subprocess.run(
        [sys.executable, os.path.join(BENCH, "gen_corpus.py"), str(pages), corpus, "--seed", str(seed)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return os.path.join(corpus, "almanac")


LINK = re.compile(r"\]\(\.\./([a-z]+)/([^/)#]+)\.md")


def nest_pages(site, per_folder):
    """Moves each section's pages into sub-folders of at most `per_folder` pages, as help
    centres keep them (by product, by topic), and rewrites the corpus's `../section/x.md`
    links to the content-absolute `/section/part-N/x.md`.

    Why it matters: git stores a folder as one tree object and rewrites it on every commit
    that changes a file in it, so every commit of a flat folder of 6,000 guides costs a
    540 KB tree in `git fast-import` and in `git log` alike (see --layout flat)."""
    moved = {}
    content = os.path.join(site, "content")
    for section in sorted(os.listdir(content)):
        folder = os.path.join(content, section)
        if not os.path.isdir(folder):
            continue
        pages = sorted(n for n in os.listdir(folder) if n.endswith(".md") and n != "_index.md")
        for i, name in enumerate(pages):
            part = f"part-{i // per_folder:03d}"
            os.makedirs(os.path.join(folder, part), exist_ok=True)
            os.rename(os.path.join(folder, name), os.path.join(folder, part, name))
            moved[(section, name[: -len(".md")])] = part
    for folder, _, names in os.walk(content):
        for name in names:
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            fixed = LINK.sub(lambda m: f"](/{m[1]}/{moved.get((m[1], m[2]), '')}/{m[2]}.md", text)
            if fixed != text:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(fixed)


def site_files(site):
    files = {}
    for folder, _, names in os.walk(site):
        for name in sorted(names):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, site).replace(os.sep, "/")
            with open(path, "rb") as f:
                files[rel] = f.read()
    return files


class Stream:
    """Writes one fast-import stream to git's stdin."""

    def __init__(self, out):
        self.out = out
        self.mark = 0

    def data(self, payload):
        self.out.write(b"data %d\n" % len(payload))
        self.out.write(payload)
        self.out.write(b"\n")

    def commit(self, timestamp, message, changes):
        self.mark += 1
        who = b"Bench Writer <writer@example.com> %d +0000" % timestamp
        self.out.write(b"commit refs/heads/main\nmark :%d\n" % self.mark)
        self.out.write(b"author " + who + b"\ncommitter " + who + b"\n")
        self.data(message.encode())
        if self.mark > 1:
            self.out.write(b"from :%d\n" % (self.mark - 1))
        for change in changes:
            if change[0] == "M":
                self.out.write(b"M 100644 inline " + change[1].encode() + b"\n")
                self.data(change[2])
            else:
                self.out.write(b"R " + change[1].encode() + b" " + change[2].encode() + b"\n")


def import_history(site, commits, seed):
    """Makes `site` a git repository whose history has `commits` commits."""
    rng = random.Random(seed)
    files = site_files(site)
    pages = sorted(p for p in files if p.endswith(".md") and not p.endswith("_index.md"))
    current = {p: p for p in pages}  # name at HEAD -> name at this point of the history
    renamed_back_at = {}  # commit number -> pages to rename back then
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", site], check=True, env=env)
    log(f"importing {commits} commits")
    started = time.perf_counter()
    importer = subprocess.Popen(["git", "-C", site, "fast-import", "--quiet"], stdin=subprocess.PIPE, env=env)
    stream = Stream(importer.stdin)
    stream.commit(START, "Import the site", [("M", p, files[p]) for p in sorted(files)])
    for n in range(2, commits + 1):
        changes = []
        for page in renamed_back_at.pop(n, []):
            changes.append(("R", current[page], page))
            current[page] = page
        if n % 50 == 0 or n == commits:
            page = rng.choice(pages)
            if current[page] == page and n < commits:
                moved = page[: -len(".md")] + "-moved.md"
                changes.append(("R", page, moved))
                current[page] = moved
                renamed_back_at.setdefault(n + rng.randint(1, 20), []).append(page)
        for page in rng.sample(pages, rng.randint(1, 3)):
            files[page] += b"\nEdited in commit %d.\n" % n
            changes.append(("M", current[page], files[page]))
        if n == commits:
            # The last commit renames every page still away back, so HEAD is the site.
            for pending in sorted(renamed_back_at):
                for page in renamed_back_at[pending]:
                    changes.append(("R", current[page], page))
                    current[page] = page
        stream.commit(START + n * STEP, f"Edit {n}", changes)
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "-C", site, "reset", "-q", "--hard"], check=True, env=env)
    log(f"imported in {time.perf_counter() - started:.1f} s")


def set_from_git(site, on):
    path = os.path.join(site, "almanac.yaml")
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if not l.startswith("dates:")]
    lines.append(f"dates: {{from_git: {'true' if on else 'false'}}}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_build(almanac, site, out):
    """(wall s, CPU s of almanac and its git, ms the build waited for git, summary)."""
    shutil.rmtree(out, ignore_errors=True)
    cpu = cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(
        [almanac, "build", "--root", site, "--out", out, "--today", TODAY],
        capture_output=True,
        text=True,
        env=dict(os.environ, ALMANAC_TIMINGS="1"),
    )
    elapsed = time.perf_counter() - started
    cpu = cpu_of_children() - cpu
    if done.returncode != 0:
        raise SystemExit(f"almanac build failed:\n{done.stderr[-3000:]}\n{done.stdout}")
    waited = 0.0
    for line in done.stderr.splitlines():
        if line.startswith("timing: git dates"):
            waited = float(line.split()[-2])
    warnings = [l for l in done.stderr.splitlines() if l.startswith("warning[")]
    return elapsed, cpu, waited, done.stdout.strip().splitlines()[-1], warnings


def time_git_log(site):
    """The one history pass almanac makes (src/load/git.rs: LOG_ARGS, no pathspec
    for a site at the top of its repository): (wall s, CPU s, bytes of output)."""
    cpu = cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(
        ["git", "-C", site, "-c", "log.showSignature=false", "--literal-pathspecs", "--no-optional-locks",
         "log", "--date-order", "-z", "--format=%x00%aI", "--name-status", "-M", "--no-color"],
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started, cpu_of_children() - cpu, len(done.stdout)


def write_section(path, text):
    old = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if SECTION_START in old and SECTION_END in old:
        before, rest = old.split(SECTION_START, 1)
        after = rest.split(SECTION_END, 1)[1]
        new = before + SECTION_START + "\n" + text + SECTION_END + after
    else:
        new = old.rstrip("\n") + "\n\n" + SECTION_START + "\n" + text + SECTION_END + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--commits", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--layout", choices=["nested", "flat"], default="nested",
                    help="nested: folders of at most 100 pages (default); flat: gen_corpus.py's "
                    "one folder per section (6,000 guides in one folder)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--bin", help="almanac binary (default: cargo build --release)")
    ap.add_argument("--keep", action="store_true", help="keep the generated repository")
    ap.add_argument("--repo", help="time this repository (one kept with --keep) instead of generating one")
    ap.add_argument("--note", default="", help="a paragraph added to the section (e.g. about the machine's load)")
    ap.add_argument("--results", default=os.path.join(BENCH, "RESULTS.md"))
    a = ap.parse_args()

    almanac = a.bin or build_almanac()
    tmp = tempfile.mkdtemp(prefix="almanac-git-dates.")
    out_base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else tmp
    out = tempfile.mkdtemp(prefix="almanac-git-dates-out.", dir=out_base)
    try:
        if a.repo:
            site = a.repo
        else:
            site = generate_site(a.pages, a.seed, tmp)
            if a.layout == "nested":
                nest_pages(site, 100)
            import_history(site, a.commits, a.seed)
        runs = {False: [], True: []}
        summaries = {}
        for run in range(a.runs + 1):
            for on in (False, True):
                set_from_git(site, on)
                wall, cpu, waited, summary, warnings = time_build(almanac, site, os.path.join(out, "public"))
                if warnings:
                    raise SystemExit(f"the build warned: {warnings}")
                summaries[on] = summary
                if run > 0:  # run 0 warms the caches
                    runs[on].append((wall, cpu, waited))
                log(f"run {run} from_git={on}: {wall:.3f} s wall, {cpu:.3f} s CPU, waited {waited:.0f} ms for git")
        git_runs = [time_git_log(site) for _ in range(a.runs)]
        median = lambda values: statistics.median(values)
        column = lambda on, i: [r[i] for r in runs[on]]
        off_wall, on_wall = median(column(False, 0)), median(column(True, 0))
        off_cpu, on_cpu = median(column(False, 1)), median(column(True, 1))
        waited = median(column(True, 2))
        git_wall, git_cpu = median(g[0] for g in git_runs), median(g[1] for g in git_runs)
        load = os.getloadavg()
        git_version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
        almanac_version = subprocess.run([almanac, "--version"], capture_output=True, text=True).stdout.strip()
        walls = lambda on: ", ".join(f"{w:.2f}" for w in column(on, 0))
        text = (
            "## Dates from git\n\n"
            f"Written by `bench/git_dates.py --pages {a.pages} --commits {a.commits} --runs {a.runs} --layout {a.layout}` "
            f"on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} ({almanac_version}, {git_version}, "
            f"`nproc` = {os.cpu_count()}, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end). "
            f"The repository: {a.pages:,} generated pages ({LAYOUTS[a.layout]}), {a.commits:,} commits made with "
            "`git fast-import` (each edits one to three pages; every 50th renames a page, renamed back later; "
            "author dates over three years), no commit-graph file. Median of the timed runs, after one warm-up "
            "each, taken in turn; `almanac build --today 2026-11-23` into a fresh output folder on /dev/shm. "
            "CPU is user + system time of almanac and the git it runs. \"Waited for git\" is the build's "
            "`git dates` stage (`ALMANAC_TIMINGS=1`): how long it waited for the history after loading, "
            "modelling and linking the pages while git read it.\n\n"
            "| | wall median (s) | CPU median (s) | waited for git (ms) | wall of each run (s) |\n|---|---:|---:|---:|---|\n"
            f"| `from_git: false` | {off_wall:.2f} | {off_cpu:.2f} | | {walls(False)} |\n"
            f"| `from_git: true` | {on_wall:.2f} | {on_cpu:.2f} | {waited:.0f} | {walls(True)} |\n"
            f"| **added by `from_git`** | **{on_wall - off_wall:+.2f}** | **{on_cpu - off_cpu:+.2f}** | | target: under 1 s |\n"
            f"| the `git log` pass alone | {git_wall:.2f} | {git_cpu:.2f} | | {git_runs[0][2] / 1e6:.1f} MB of output |\n\n"
            f"Summary with `from_git: true`: `{summaries[True].split(' → ')[0]}`\n\n"
            + (f"{a.note.strip()}\n\n" if a.note.strip() else "")
        )
        write_section(a.results, text)
        print(text)
        if a.keep:
            log(f"kept {site}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
