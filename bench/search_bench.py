#!/usr/bin/env python3
"""Search benchmark: index size, first-query bytes and query latency in headless Chromium.

    bench/search_bench.py [--sizes 1000,10000,100000] [--almanac BIN] [--out RESULTS.md]

For each size N it generates the seeded corpus (bench/gen_corpus.py N), builds it with
almanac (ALMANAC_TIMINGS=1, so the search-index stage is timed on its own), serves the
output from a local threaded HTTP server that logs the bytes of every response, and
drives Debian's chromium through chromedriver (the flags of tests/browser.rs):

- first query: a fresh page load (responses are `no-store`, so nothing is cached), then
  one query typed into the box; the bytes are everything fetched from the first focus
  to the results on screen (search.js, the worker, manifest, shards, filters,
  packs of the results the shards do not carry); the time is from the focus to the results on screen;
- latency: then QUERIES one after another on the same page, each timed by search.js
  from the input event to the results on screen (`almanac.lastSearch.ms`); median, p90;
- main thread: the longest task (PerformanceObserver `longtask`) from the page load on.

The figures replace the `<!-- search-bench -->` section of bench/RESULTS.md (bench/run
keeps that section when it rewrites the file). Needs: python3, chromium, chromedriver.
"""
import argparse
import base64
import http.server
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
TODAY = "2026-11-23"
SEED = "20240601"
FIRST = "replicate endpoint"
# Words and pairs from the generated corpus: product names, body words, prefixes.
QUERIES = [
    "cluster", "rotate token", "helix", "quartz db", "degraded", "snapshot restore",
    "retry policy", "gateway", "encrypt", "tenant", "orbit agent", "rate limit",
    "plugin", "schema migration", "nimbus", "audit log", "workspace", "load balancer",
    "health check", "ferro runtime", "backup", "proxy", "permission", "webhook",
]
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1440,900"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """Serves `root` like a static host and records (path, bytes) of every response."""

    def __init__(self, root):
        self.hits = []
        lock = threading.Lock()
        hits = self.hits

        class Handler(http.server.SimpleHTTPRequestHandler):
            # Keep-alive, as any static host has: a new connection per file would time the server.
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else small responses wait for delayed ACKs (40 ms)

            def __init__(self, *a, **k):
                super().__init__(*a, directory=root, **k)

            def end_headers(self):
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def copyfile(self, source, outputfile):
                data = source.read()
                outputfile.write(data)
                with lock:
                    hits.append((self.path, len(data)))

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]

    def take(self):
        taken = list(self.hits)
        del self.hits[:]
        return taken

    def stop(self):
        self.httpd.shutdown()


class Browser:
    def __init__(self):
        self.port = free_port()
        self.driver = subprocess.Popen(["/usr/bin/chromedriver", "--port=%d" % self.port],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port)).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("chromedriver did not start")
                time.sleep(0.05)
        self.profile = tempfile.mkdtemp()
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": CHROME_FLAGS + ["--user-data-dir=" + self.profile]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body or {}).encode() if method == "POST" else None
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data,
                                         method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=300) as reply:
            return json.load(reply)["value"]

    def run(self, script, *args):
        return self.call("POST", "/session/%s/execute/sync" % self.session, {"script": script, "args": list(args)})

    def open(self, url):
        self.call("POST", "/session/%s/url" % self.session, {"url": url})

    def wait(self, script, *args, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.run(script, *args)
            if value:
                return value
            time.sleep(0.01)
        raise SystemExit("timed out: " + script)

    def quit(self):
        try:
            self.call("DELETE", "/session/%s" % self.session)
        finally:
            self.driver.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


TYPE = """var i = document.getElementById('search-input');
window.__t0 = performance.now(); i.focus(); i.value = arguments[0];
i.dispatchEvent(new Event('input')); return true;"""
DONE = "return window.almanac && almanac.lastSearch && almanac.lastSearch.query === arguments[0] ? almanac.lastSearch : null"
# Long tasks from the first focus on (not the page load): what typing a query can freeze.
LONG_TASKS = """window.__long = 0; window.__from = performance.now(); try { new PerformanceObserver(function (l) {
  l.getEntries().forEach(function (e) { if (e.startTime >= window.__from) window.__long = Math.max(window.__long, e.duration); });
}).observe({type: 'longtask'}); } catch (e) {}
return true;"""


def measure_browser(out_dir):
    server = Server(out_dir)
    browser = Browser()
    try:
        browser.open(server.url + "/")
        browser.wait("return document.readyState === 'complete'")
        browser.run(LONG_TASKS)
        server.take()
        browser.run(TYPE, FIRST)
        answer = browser.wait(DONE, FIRST)
        first_ms = answer["at"] - browser.run("return window.__t0")
        first = server.take()
        first_bytes = sum(b for _, b in first)
        latencies = []
        for query in QUERIES:
            browser.run(TYPE, query)
            latencies.append(browser.wait(DONE, query)["ms"])
        longest = browser.run("return window.__long")
        return {
            "first_query": FIRST, "first_count": answer["count"], "first_bytes": first_bytes,
            "first_requests": len(first), "first_ms": first_ms,
            "median_ms": statistics.median(latencies),
            "p90_ms": sorted(latencies)[int(len(latencies) * 0.9) - 1],
            "longest_task_ms": longest,
        }
    finally:
        browser.quit()
        server.stop()


def timed_build(almanac, site, out, env=None):
    """Builds `site` into a fresh `out` with ALMANAC_TIMINGS=1 (plus `env`): wall, CPU and
    system time of the build process and its `ALMANAC_TIMINGS` stages (ms by name)."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, ALMANAC_TIMINGS="1", **(env or {}))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    # --no-cache: every build highlights its code, as the figures before the cache did
    # (and what the index adds is measured against a whole build, not a cached one).
    proc = subprocess.run([almanac, "build", "--root", site, "--out", out, "--today", TODAY, "--no-cache"],
                          env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    stages = {m.group(1).strip(): float(m.group(2))
              for m in re.finditer(r"timing:\s+(.+?)\s+([\d.]+) ms", proc.stderr)}
    return {"wall_s": wall, "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "sys_s": after.ru_stime - before.ru_stime, "stages": stages}


def build(almanac, corpus, out):
    timed = timed_build(almanac, corpus, out)
    return {"wall_s": timed["wall_s"], "cpu_s": timed["cpu_s"], "index_stage_ms": timed["stages"].get("search index")}


def index_size(out):
    files = total = 0
    for folder, _, names in os.walk(os.path.join(out, "search")):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(folder, name))
    return files, total


def section(rows, almanac):
    lines = ["<!-- search-bench -->", "## Search (bench/search_bench.py)", "",
             "Written by `bench/search_bench.py --sizes %s` on %s with `%s`. Corpus: `gen_corpus.py N --seed %s`. "
             "Headless Chromium %s, served from localhost (no network latency, responses `no-store`). "
             "The machine is shared and its load varies: compare within a run."
             % (",".join(str(r["pages"]) for r in rows), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                os.path.relpath(almanac, ROOT), SEED, chromium_version()), "",
             "| pages | index files | index MB | search-index stage (ms) | build wall (s) | build CPU (s) | first query: bytes | requests | time (ms) | query median (ms) | p90 (ms) | longest main-thread task (ms) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append("| {pages:,} | {files:,} | {mb:.1f} | {stage:.0f} | {wall_s:.2f} | {cpu_s:.2f} | {first_bytes:,} | {first_requests} | {first_ms:.0f} | {median_ms:.1f} | {p90_ms:.1f} | {longest} |".format(
            mb=r["bytes"] / 1e6, stage=r["index_stage_ms"] or 0,
            longest="%.0f" % r["longest_task_ms"] if r["longest_task_ms"] else "none over 50", **r))
    lines += ["", "First query: `%s` typed on the home page after a fresh load. Latency: %d queries (%s)."
              % (FIRST, len(QUERIES), ", ".join("`%s`" % q for q in QUERIES)), "<!-- /search-bench -->"]
    return "\n".join(lines) + "\n"


def chromium_version():
    try:
        return subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "chromium"


def write_section(path, text):
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    pattern = re.compile(r"\n?<!-- search-bench -->.*?<!-- /search-bench -->\n?", re.S)
    new = pattern.sub("\n" + text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    open(path, "w", encoding="utf-8").write(new)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--almanac", default=os.path.join(ROOT, "target/release/almanac"))
    parser.add_argument("--out", default=os.path.join(BENCH, "RESULTS.md"))
    parser.add_argument("--work", default=None, help="folder for corpora and outputs (default: a temp dir)")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="almanac-search-bench-")
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        corpus = os.path.join(work, "corpus-%d" % n)
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), str(n), corpus, "--seed", SEED],
                           check=True, stdout=subprocess.DEVNULL)
        out = os.path.join(work, "out-%d" % n)
        row = {"pages": n}
        row.update(build(args.almanac, os.path.join(corpus, "almanac"), out))
        row["files"], row["bytes"] = index_size(out)
        row.update(measure_browser(out))
        print(json.dumps(row), flush=True)
        rows.append(row)
        shutil.rmtree(out, ignore_errors=True)
    write_section(args.out, section(rows, args.almanac))
    print("written to", args.out)


if __name__ == "__main__":
    main()
