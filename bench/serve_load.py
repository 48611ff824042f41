#!/usr/bin/env python3
"""almanac serve under load (issue 15): many clients while a writer keeps saving.

Usage:
  python3 bench/serve_load.py [--pages 1000] [--clients 64] [--requests 10000]
                              [--binary target/release/almanac] [--timeout 300]
                              [--results bench/SERVE_RESULTS.md]

What it does (loopback only, bounded in requests and time, stops by itself):
  1. Generates a corpus (bench/gen_corpus.py N TMP --seed 42) and copies the almanac site
     into a temp dir; starts `almanac serve --port 0` on it (TMPDIR is the temp dir).
  2. Reads /sitemap.xml for the page URLs; the request mix is those pages plus
     /style.css, /almanac.js, /search-index.json and a missing page (404).
  3. Warm-up: the same load as below for --warmup requests (so the server's worker
     threads and allocator caches exist), then records the server's RSS (VmRSS).
  4. --clients threads send --requests requests in all, each thread on its own keep-alive
     connection (reconnecting when the server closes it), while a writer thread appends
     a sentence to a guide page every 100 ms (each save triggers a rebuild).
  5. A request fails when it raises, times out (10 s) or answers another status than the
     one expected (200, or 404 for the missing page). Reports throughput, latency
     p50/p90/p99/max, failures, rebuilds seen, and RSS after warm-up vs at the end.
  6. Writes a Markdown section `## almanac serve under load` into --results (replacing an
     earlier one) and prints it. Exits non-zero on any failed request or a server crash.

Python 3 standard library only.
"""
import argparse
import datetime
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from results_md import write_section  # noqa: E402
ROOT = os.path.dirname(HERE)
SECTION = "## almanac serve under load"


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, int(round(p / 100 * len(ordered) + 0.5)))
    return ordered[min(rank, len(ordered)) - 1]


def start_server(binary, site, tmp):
    env = dict(os.environ, TMPDIR=tmp)
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--today", "2026-12-01", "--root", site],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    deadline = time.time() + 300
    rebuilds = []
    address = None
    while time.time() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        match = re.search(r" at http://([^/]+)/", line)
        if match:
            address = match.group(1)
            break
    if not address:
        server.kill()
        sys.exit("almanac serve did not start")

    def drain():
        for line in server.stdout:
            if " rendered, " in line or "still serving" in line:
                rebuilds.append(line.strip())
    threading.Thread(target=drain, daemon=True).start()
    return server, address, rebuilds


class Client:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = None

    def get(self, path):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
            try:
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return response.status
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed between requests.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--warmup", type=int, default=3000)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/almanac"))
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--results", default=os.path.join(HERE, "SERVE_RESULTS.md"))
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="almanac-load-")
    try:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(args.pages),
                        os.path.join(tmp, "corpus"), "--seed", "42"], check=True,
                       stdout=subprocess.DEVNULL)
        site = os.path.join(tmp, "site")
        shutil.copytree(os.path.join(tmp, "corpus", "almanac"), site)
        server, address, rebuilds = start_server(args.binary, site, tmp)
        host, port = address.rsplit(":", 1)
        try:
            report = run_load(args, server, host, int(port), site, rebuilds)
        finally:
            server.kill()
            server.wait()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_results(args.results, report)
    print(report)
    if "failed requests: 0\n" not in report or "server exited" in report:
        sys.exit(1)


def run_load(args, server, host, port, site, rebuilds):
    probe = Client(host, port)
    probe.conn = http.client.HTTPConnection(host, port, timeout=10)
    probe.conn.request("GET", "/sitemap.xml")
    sitemap = probe.conn.getresponse().read().decode()
    pages = [re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    mix = [(p, 200) for p in pages[:400]] + [
        ("/style.css", 200), ("/almanac.js", 200), ("/search-index.json", 200),
        ("/no/such/page/", 404)]
    guides = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(site, "content", "guides"))
                    for f in fs if f.endswith(".md") and f != "_index.md")
    stop = threading.Event()
    saves = [0]

    def writer():
        while not stop.is_set():
            path = guides[saves[0] % len(guides)]
            with open(path, "a") as page:
                page.write(f"\nSaved under load, edit {saves[0]}.\n")
            saves[0] += 1
            stop.wait(0.1)

    lock = threading.Lock()
    deadline = time.time() + args.timeout

    def phase(requests):
        """Runs `requests` requests over the clients; returns (latencies, failures, wall)."""
        counter = iter(range(requests))
        latencies, failures = [], []
        threads = [threading.Thread(target=client_loop, args=(counter, latencies, failures))
                   for _ in range(args.clients)]
        started = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return latencies, failures, time.time() - started

    def client_loop(counter, latencies, failures):
        client = Client(host, port)
        while time.time() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            path, expected = mix[(n * 7919) % len(mix)]
            started = time.perf_counter()
            try:
                status = client.get(path)
            except Exception as error:  # any failure is counted, never hidden
                status = f"{type(error).__name__}: {error}"
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if status != expected:
                    failures.append(f"{path}: {status}")

    threading.Thread(target=writer, daemon=True).start()
    _, warm_failures, _ = phase(args.warmup)
    rss_warm = rss_kb(server.pid)
    saves_before, rebuilds_before = saves[0], len(rebuilds)
    latencies, failures, wall = phase(args.requests)
    failures = warm_failures + failures
    stop.set()
    saves[0] -= saves_before
    del rebuilds[:rebuilds_before]
    alive = server.poll() is None
    rss_end = rss_kb(server.pid) if alive else 0
    growth = (rss_end - rss_warm) / rss_warm * 100 if rss_warm else 0.0
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        SECTION, "",
        f"- date: {now}; machine: {os.cpu_count()} CPUs",
        f"- command: `python3 bench/serve_load.py --pages {args.pages} --clients {args.clients} --requests {args.requests}`",
        f"- site: {args.pages} generated pages; request mix: {len(mix)} URLs (pages, CSS, JS, search index, a 404)",
        f"- requests: {len(latencies)} by {args.clients} concurrent keep-alive clients in {wall:.1f} s: **{len(latencies) / wall:.0f} requests/s**",
        f"- a writer saved a guide page every 100 ms: {saves[0]} saves, {len(rebuilds)} rebuilds reported",
        f"- failed requests: {len(failures)}",
        f"- latency (ms): p50 {percentile(latencies, 50):.1f}, p90 {percentile(latencies, 90):.1f}, p99 {percentile(latencies, 99):.1f}, max {max(latencies, default=0):.1f}",
        f"- server RSS: {rss_warm / 1024:.1f} MB after a warm-up of {args.warmup} requests under the same load, {rss_end / 1024:.1f} MB at the end ({growth:+.1f}%)",
    ]
    if not alive:
        lines.append("- **server exited during the run**")
    if failures:
        lines.append("- first failures: " + "; ".join(failures[:5]))
    return "\n".join(lines) + "\n"


def write_results(path, section):
    if not os.path.exists(path):
        with open(path, "w") as out:
            out.write("# almanac serve benchmark\n")
    write_section(path, SECTION, section)

if __name__ == "__main__":
    main()
