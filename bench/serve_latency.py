#!/usr/bin/env python3
"""almanac serve benchmark (issue 5): edit-to-reload-event latency.

Usage:
  python3 bench/serve_latency.py [--pages 10000] [--edits 30] [--binary target/release/almanac]
                                 [--corpus DIR] [--results bench/SERVE_RESULTS.md]
                                 [--timeout 30] [--keep-tmp] [--kind body|title|reviewed|product]

What it does:
  1. Takes a generated corpus (--corpus DIR: either the gen_corpus.py output dir or its
     almanac/ site root) or generates one with `bench/gen_corpus.py N TMP --seed 42`,
     and copies the almanac site into a fresh temp dir (the edits never touch DIR).
  2. Starts `almanac serve --root SITE --port 0 --today 2026-11-23` (TMPDIR pointed at the
     temp dir, so the server's private output folder is cleaned up with it), waits for the
     `Serving ... at http://...` line and reports the initial build: the server's own
     `initial build: ... in N ms` and the wall clock from spawn to that line.
  3. Opens the Server-Sent Events stream (GET /__almanac/events over a raw socket, read
     on a thread); the stream is subscribed once the response head (`retry:`) arrives.
  4. K times: picks a different guide page (seeded, deterministic), appends a unique
     sentence to its body (end of file, after the front matter), and waits for the
     `{"type":"reload"}` event whose paths contain the page's URL
     (content/guides/<name>.md -> /guides/<name>/). t0 is taken right before the write,
     t1 when the reader thread gets the event. Edits alternate between an editor-style
     atomic save (write `.<name>.md.<pid>.tmp` in the same folder, then os.replace) and a
     plain in-place write (open 'w', write, close); 200 ms pause between edits.
  5. Reports min / median / p90 / max of the end-to-end latency (all edits, and atomic vs
     in-place separately), the server's own rebuild times (the `in N ms` of its
     `page changed (...)` lines), and a split of the end-to-end time:
        before rebuild = (stdout line seen) - t0 - rebuild ms
                         (inotify -> notify -> debounce: 2 ms after the save ends, else a 10 ms quiet period -> classify)
        SSE delivery   = t1 - (stdout line seen)
                         (the server prints the line before it sends the event)
     The server prints whole milliseconds (truncated), so the split is +-1 ms.
  6. Prints a Markdown table and writes it to --results (default bench/SERVE_RESULTS.md):
     the file keeps one `### N pages` subsection per corpus size under
     `## almanac serve: edit-to-reload latency`; a run replaces the subsection of its size.

Python 3 standard library only. Exits non-zero if the server fails to start or an edit
gets no reload event within --timeout seconds.
"""
import argparse
import datetime
import json
import os
import platform
import queue
import random
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TODAY = "2026-11-23"
SECTION = "## almanac serve: edit-to-reload latency"
TARGET_MS = 50.0

now = time.perf_counter


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------
def log(msg):
    print(msg, file=sys.stderr, flush=True)


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(1, -(-len(s) * p // 100))  # ceil(n * p / 100), at least 1
    return s[int(k) - 1]


def summary(values):
    if not values:
        return None
    return dict(n=len(values), min=min(values), median=statistics.median(values),
                p90=percentile(values, 90), max=max(values), mean=statistics.mean(values))


def fmt(x, digits=1):
    return "n/a" if x is None else f"{x:.{digits}f}"


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def process_cpu_ms(pid):
    """Run time of all threads of `pid` in ms (/proc/PID/task/*/schedstat), or None."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that just ended
    return total / 1e6


def machine_busy_ms():
    """CPU time all processes have used since boot (ms, from /proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    busy = sum(fields[:3]) + sum(fields[5:8])  # user nice system, irq softirq steal
    return busy * 1000.0 / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------
# The server process and its two streams
# --------------------------------------------------------------------------
class Server:
    """`almanac serve` with its stdout lines timestamped on a reader thread."""

    def __init__(self, binary, site, tmp):
        env = dict(os.environ, TMPDIR=tmp)  # the server's output folder goes under tmp
        self.cmd = [binary, "serve", "--root", site, "--port", "0", "--today", TODAY]
        self.started = now()
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, env=env)
        self.lines = queue.Queue()      # (time, line) from stdout
        self.stderr = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self):
        for raw in iter(self.proc.stdout.readline, b""):
            self.lines.put((now(), raw.decode("utf-8", "replace").rstrip("\n")))
        self.lines.put((now(), None))   # EOF

    def _read_stderr(self):
        for raw in iter(self.proc.stderr.readline, b""):
            self.stderr.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def next_line(self, deadline):
        """The next stdout line (time, text), or None on timeout; raises on EOF."""
        left = deadline - now()
        if left <= 0:
            return None
        try:
            t, line = self.lines.get(timeout=left)
        except queue.Empty:
            return None
        if line is None:
            raise RuntimeError("the server exited (status %s); stderr:\n%s"
                               % (self.proc.poll(), "\n".join(self.stderr[-30:])))
        return t, line

    def cpu_ms(self):
        """CPU time used so far by all the server's threads (ms). Unlike wall time it
        barely moves when other processes compete for the CPUs."""
        return process_cpu_ms(self.proc.pid)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class EventStream:
    """A raw-socket SSE client: every `data:` line is parsed and timestamped on a thread."""

    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(f"GET /__almanac/events HTTP/1.1\r\nHost: {host}:{port}\r\n"
                          "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n".encode())
        self.sock.settimeout(None)
        self.events = queue.Queue()     # (time, dict) ; ("subscribed", None) once
        self.subscribed = threading.Event()
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        f = self.sock.makefile("rb", buffering=0)
        status = None
        try:
            while True:
                raw = f.readline()
                if not raw:
                    break
                t = now()
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if status is None:
                    status = line
                    if " 200 " not in line + " ":
                        log(f"SSE: unexpected response: {line}")
                        break
                    continue
                if line.startswith("retry:"):
                    # The server subscribes before it writes the head: we are listening.
                    self.subscribed.set()
                elif line.startswith("data:"):
                    try:
                        self.events.put((t, json.loads(line[5:].strip())))
                    except ValueError:
                        self.events.put((t, {"type": "unparsed", "text": line}))
        except OSError:
            pass
        finally:
            self.events.put((now(), None))

    def next_event(self, deadline):
        left = deadline - now()
        if left <= 0:
            return None
        try:
            t, ev = self.events.get(timeout=left)
        except queue.Empty:
            return None
        if ev is None:
            raise RuntimeError("the event stream closed")
        return t, ev

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


# --------------------------------------------------------------------------
# Corpus and edits
# --------------------------------------------------------------------------
def find_site(corpus):
    """The almanac site root inside a gen_corpus.py output dir (or the dir itself)."""
    for cand in (os.path.join(corpus, "almanac"), corpus):
        if os.path.isfile(os.path.join(cand, "almanac.yaml")):
            return cand
    sys.exit(f"error: no almanac site (almanac.yaml) in {corpus} or {corpus}/almanac")


def ensure_binary(path):
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    log(f"{path} not found: running cargo build --release")
    subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    if not os.path.isfile(path):
        sys.exit(f"error: {path} still missing after cargo build --release")
    return path


EDIT_KINDS = {
    "body": "one-page body edits of distinct guide pages (a sentence appended)",
    "title": "title edits of distinct guide pages (a word appended to the title)",
    "reviewed": "`reviewed:` edits of distinct guide pages (a new date)",
    "product": "edits of `content/products.yaml` (a cycle's latest release date)",
}

SERVE_LINE = re.compile(r"^Serving .* at (http://([^/:]+):(\d+)/)")
INITIAL_LINE = re.compile(r"^initial build: (\d+) pages? rendered, (\d+) files? changed in (\d+) ms")
REBUILD_LINE = re.compile(r"^(\w+) changed \((.*)\): (\d+) pages? rendered, (\d+) files? changed in (\d+) ms")
FAILED_LINE = re.compile(r"^(\w+) changed \((.*)\): (\d+) errors? in (\d+) ms")

WORDS = ["amber", "birch", "cedar", "dune", "ember", "fjord", "garnet", "harbor", "iris",
         "juniper", "kestrel", "lagoon", "meadow", "nectar", "opal", "prairie", "quill",
         "raven", "sierra", "tundra", "umber", "violet", "willow", "xenon", "yarrow", "zephyr"]


def edit_page(path, i, mode, rng, kind="body"):
    """Edits the page (`kind`: body = appends one unique sentence; title = appends a
    word to its title, which keeps its place in its folder's order; reviewed = a new
    `reviewed:` date; product = `path` is products.yaml, and the first cycle's
    latest release date changes); returns t0 (taken right before the write)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.endswith("\n"):
        text += "\n"
    w = rng.sample(WORDS, 3)
    if kind == "body":
        text += (f"\nBenchmark edit {i} ({mode}): the {w[0]} {w[1]} note was revised"
                 f" and the {w[2]} summary still applies.\n")
    elif kind == "title":
        # Inside the quotes of a quoted title; titles keep their weight, so their place.
        text = re.sub(r'(?m)^title: (")?(.*?)(")?\s*$',
                      lambda m: f'title: {m.group(1) or ""}{m.group(2)} {w[0]}{m.group(3) or ""}',
                      text, count=1)
    elif kind == "product":
        # The first product's first cycle: a new date of its latest release.
        text = re.sub(r"(?m)^(\s+latestReleaseDate: )\S+$",
                      lambda m: f"{m.group(1)}2025-01-{1 + i % 28:02d}", text, count=1)
    elif kind == "reviewed":
        date = f"reviewed: 2026-11-{1 + i % 22:02d}"
        if re.search(r"(?m)^reviewed: .*$", text):
            text = re.sub(r"(?m)^reviewed: .*$", date, text, count=1)
        else:
            text = text.replace("\n---\n", f"\n{date}\n---\n", 1)
    data = text.encode("utf-8")
    if mode == "atomic":
        d, name = os.path.split(path)
        tmp = os.path.join(d, f".{name}.{os.getpid()}.tmp")
        t0 = now()
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    else:
        t0 = now()
        with open(path, "wb") as f:
            f.write(data)
    return t0


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000, help="corpus size (default 10000)")
    ap.add_argument("--edits", type=int, default=30, help="number of one-page edits (default 30)")
    ap.add_argument("--binary", default="target/release/almanac",
                    help="almanac binary, relative to the repo (default target/release/almanac; "
                         "built with cargo build --release if missing)")
    ap.add_argument("--corpus", help="reuse a gen_corpus.py output dir (or its almanac/ site)")
    ap.add_argument("--seed", type=int, default=42, help="corpus and edit-order seed (default 42)")
    ap.add_argument("--timeout", type=float, default=30.0,
                    help="seconds to wait for the server / for one reload event (default 30)")
    ap.add_argument("--pause", type=float, default=0.2, help="seconds between edits (default 0.2)")
    ap.add_argument("--results", default=os.path.join(HERE, "SERVE_RESULTS.md"),
                    help="Markdown file to update (default bench/SERVE_RESULTS.md); '-' for none")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the temp dir")
    ap.add_argument("--kind", default="body", choices=["body", "title", "reviewed", "product"],
                    help="what each edit changes (default body)")
    a = ap.parse_args()
    command = "python3 bench/serve_latency.py " + " ".join(shlex.quote(x) for x in sys.argv[1:])

    binary = a.binary if os.path.isabs(a.binary) else os.path.join(REPO, a.binary)
    binary = ensure_binary(binary)
    tmp = tempfile.mkdtemp(prefix="almanac-serve-bench-")
    server = stream = None
    try:
        # ---- corpus -------------------------------------------------------
        if a.corpus:
            src_site = find_site(os.path.abspath(a.corpus))
        else:
            gen_dir = os.path.join(tmp, "corpus")
            log(f"generating a {a.pages}-page corpus (seed {a.seed}) ...")
            subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(a.pages),
                            gen_dir, "--seed", str(a.seed)], check=True,
                           stdout=subprocess.DEVNULL)
            src_site = os.path.join(gen_dir, "almanac")
        site = os.path.join(tmp, "site")
        shutil.copytree(src_site, site)
        if not a.corpus:
            shutil.rmtree(os.path.join(tmp, "corpus"))  # only the copy is needed now
        guides_dir = os.path.join(site, "content", "guides")
        guides = sorted(n for n in os.listdir(guides_dir)
                        if n.endswith(".md") and not n.startswith("_"))
        pages_total = sum(1 for _, _, files in os.walk(os.path.join(site, "content"))
                          for n in files if n.endswith(".md") and not n.startswith("_"))
        if len(guides) < a.edits:
            sys.exit(f"error: only {len(guides)} guide pages for {a.edits} edits")
        chosen = random.Random(a.seed).sample(guides, a.edits)
        product_id = None
        if a.kind == "product":
            with open(os.path.join(site, "content", "products.yaml"), encoding="utf-8") as f:
                product_id = re.search(r"(?m)^\s+- id: (\S+)$", f.read()).group(1)

        # ---- start the server --------------------------------------------
        log(f"starting {' '.join(shlex.quote(c) for c in [os.path.relpath(binary, REPO), 'serve', '--root', 'SITE', '--port', '0', '--today', TODAY])}")
        server = Server(binary, site, tmp)
        deadline = now() + max(a.timeout, 600.0)  # the initial build of a big site takes a while
        initial = None
        url = host = port = None
        while url is None:
            got = server.next_line(deadline)
            if got is None:
                raise RuntimeError("no 'Serving' line before the timeout")
            t, line = got
            m = INITIAL_LINE.match(line)
            if m:
                initial = dict(rendered=int(m.group(1)), files=int(m.group(2)), ms=int(m.group(3)))
            m = SERVE_LINE.match(line)
            if m:
                url, host, port = m.group(1), m.group(2), int(m.group(3))
                initial_wall = (t - server.started) * 1000
        log(f"serving at {url}; initial build {initial and initial['ms']} ms "
            f"(server), {initial_wall:.0f} ms wall clock to the Serving line")

        # ---- subscribe ---------------------------------------------------
        stream = EventStream(host, port, a.timeout)
        if not stream.subscribed.wait(a.timeout):
            raise RuntimeError("the event stream did not answer")
        time.sleep(0.1)
        # Drain whatever the initial build queued (nothing is expected).
        while stream.next_event(now() + 0.05):
            pass

        # ---- edits -------------------------------------------------------
        # What the rest of the machine does meanwhile: all CPU time minus ours and the server's.
        probe0 = (now(), machine_busy_ms(), server.cpu_ms(), process_cpu_ms(os.getpid()))
        results = []
        rng = random.Random(a.seed + 1)
        for i, name in enumerate(chosen):
            mode = "atomic" if i % 2 == 0 else "in-place"
            page_url = f"/guides/{name[:-3]}/"
            rel = f"content/guides/{name}"
            path = os.path.join(guides_dir, name)
            if a.kind == "product":
                # products.yaml; the product's page shows its latest release date.
                page_url = "/products/" + product_id + "/"
                rel = "content/products.yaml"
                path = os.path.join(site, rel)
            cpu0 = server.cpu_ms()
            t0 = edit_page(path, i, mode, rng, a.kind)
            deadline = t0 + a.timeout
            t1 = None
            others = []
            while t1 is None:
                got = stream.next_event(deadline)
                if got is None:
                    raise RuntimeError(f"edit {i} ({rel}): no reload event for {page_url} "
                                       f"within {a.timeout} s; events seen: {others}")
                t, ev = got
                if ev.get("type") == "reload" and page_url in ev.get("paths", []):
                    t1, paths = t, ev["paths"]
                elif ev.get("type") == "error":
                    raise RuntimeError(f"edit {i} ({rel}): the server reports an error:\n"
                                       f"{ev.get('text')}")
                else:
                    others.append(ev)
            # The server's own line for this rebuild (printed before the event is sent).
            rebuild = None
            skipped = []
            line_deadline = now() + 5
            while rebuild is None:
                got = server.next_line(line_deadline)
                if got is None:
                    break
                ts, line = got
                m = REBUILD_LINE.match(line)
                if m and ts >= t0 - 0.001 and rel in m.group(2):
                    rebuild = dict(kind=m.group(1), what=m.group(2), rendered=int(m.group(3)),
                                   files=int(m.group(4)), ms=int(m.group(5)), seen=ts)
                else:
                    skipped.append(line)
            if skipped:
                log(f"  (other server output: {skipped})")
            cpu1 = server.cpu_ms()
            r = dict(i=i, page=rel, mode=mode, latency=(t1 - t0) * 1000, paths=paths,
                     extra_events=others)
            if cpu0 is not None and cpu1 is not None:
                r["cpu"] = cpu1 - cpu0
            if rebuild:
                r.update(server_ms=rebuild["ms"], rendered=rebuild["rendered"],
                         files=rebuild["files"], kind=rebuild["kind"],
                         before=(rebuild["seen"] - t0) * 1000 - rebuild["ms"],
                         delivery=(t1 - rebuild["seen"]) * 1000)
            results.append(r)
            log(f"edit {i + 1:>3}/{a.edits} {mode:<8} {rel}: {r['latency']:7.1f} ms end to end; "
                f"server {r.get('server_ms', '?')} ms, {r.get('rendered', '?')} rendered, "
                f"{len(paths)} reloaded")
            time.sleep(a.pause)
        probe1 = (now(), machine_busy_ms(), server.cpu_ms(), process_cpu_ms(os.getpid()))
        other_cpu = None
        if None not in probe0 + probe1:
            elapsed = (probe1[0] - probe0[0]) * 1000
            other = (probe1[1] - probe0[1]) - (probe1[2] - probe0[2]) - (probe1[3] - probe0[3])
            other_cpu = max(0.0, other / elapsed)  # in CPUs
    except RuntimeError as e:
        log(f"error: {e}")
        if server and server.stderr:
            log("server stderr:\n" + "\n".join(server.stderr[-20:]))
        return 1
    finally:
        if stream:
            stream.close()
        if server:
            server.stop()
        if a.keep_tmp:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    # ---- report -----------------------------------------------------------
    md = report(a, results, initial, initial_wall, pages_total, command, binary, other_cpu)
    print(md)
    if a.results != "-":
        update_results(a.results, a.pages, md)
        log(f"wrote {os.path.relpath(a.results, REPO) if a.results.startswith(REPO) else a.results}")
    return 0


def binary_id(path):
    import hashlib
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    built = datetime.datetime.fromtimestamp(os.path.getmtime(path)).astimezone()
    shown = os.path.relpath(path, REPO) if path.startswith(REPO + os.sep) else path
    return f"`{shown}` (built {built.strftime('%Y-%m-%d %H:%M %Z')}, sha256 {h.hexdigest()[:12]})"


def report(a, results, initial, initial_wall, pages_total, command, binary, other_cpu):
    def row(label, values, unit="ms"):
        s = summary(values)
        if s is None:
            return f"| {label} | 0 | n/a | n/a | n/a | n/a |"
        return (f"| {label} | {s['n']} | {fmt(s['min'])} | {fmt(s['median'])} | "
                f"{fmt(s['p90'])} | {fmt(s['max'])} |")

    lat = [r["latency"] for r in results]
    by_mode = {m: [r["latency"] for r in results if r["mode"] == m] for m in ("atomic", "in-place")}
    with_line = [r for r in results if "server_ms" in r]
    server_ms = [float(r["server_ms"]) for r in with_line]
    before = [r["before"] for r in with_line]
    delivery = [r["delivery"] for r in with_line]
    cpu = [r["cpu"] for r in results if "cpu" in r]
    rendered = sorted({r["rendered"] for r in with_line})
    reloaded = [len(r["paths"]) for r in results]
    med = statistics.median(lat)
    verdict = "met" if med < TARGET_MS else "NOT met"
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    machine = f"{os.cpu_count()} CPUs (nproc), {cpu_model()}, {platform.system()} {platform.release()}"
    busy = other_cpu is not None and other_cpu > 0.2

    out = [subsection_heading(a.pages, a.kind), ""]
    out += [f"- date: {date}",
            f"- machine: {machine}",
            f"- pages: {a.pages:,} generated (bench/gen_corpus.py, seed {a.seed}; "
            f"{pages_total:,} Markdown pages in content/)",
            f"- edits: {len(results)} {EDIT_KINDS[a.kind]}, alternating atomic save (temp file "
            f"+ rename) and in-place write, {int(a.pause * 1000)} ms apart",
            f"- command: `{command}`",
            f"- binary: {binary_id(binary)}",
            "- other processes' CPU use during the edits: "
            + ("n/a" if other_cpu is None else f"{other_cpu:.2f} CPUs (of {os.cpu_count()})")
            + (" — **the machine was busy with other work: wall-clock rows are inflated; "
               "the server CPU row is the steadier figure**" if busy else ""),
            f"- initial build: {initial['ms'] if initial else 'n/a'} ms as printed by the server "
            f"({initial['rendered'] if initial else '?'} pages rendered), "
            f"{initial_wall:.0f} ms wall clock from spawn to the `Serving` line",
            f"- target (issue 5): median under {TARGET_MS:.0f} ms for a one-page edit: "
            f"**{verdict}** (median {med:.1f} ms)",
            "",
            "| latency (ms) | edits | min | median | p90 | max |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            row("edit → reload event, all edits", lat),
            row("edit → reload event, atomic save (rename)", by_mode["atomic"]),
            row("edit → reload event, in-place write", by_mode["in-place"]),
            row("server's own rebuild time (`in N ms`)", server_ms),
            row("before the rebuild (watcher, debounce, post-timer work)", before),
            row("after the rebuild (SSE delivery)", delivery),
            row("server CPU time per edit, all threads", cpu),
            "",
            f"Pages rendered per rebuild: {', '.join(map(str, rendered)) or 'n/a'}; pages in "
            f"each reload event: {min(reloaded)}–{max(reloaded)}. The split rows are derived "
            f"from when the server's `page changed (...) in N ms` line arrives on its stdout "
            f"(printed just before the event is sent): \"before\" is write → line minus the "
            f"server's own time, so it holds inotify + the debounce (2 ms once a save ends: the file closed after writing or renamed into place; else 10 ms of quiet) + classify, and also "
            f"any work the server does after its timer stops (e.g. dropping the rebuild's "
            f"temporary indexes); \"after\" is line → event. The server truncates to whole ms "
            f"and the two arrival times are taken on different reader threads, so these rows "
            f"are ±1–2 ms (a value can dip below zero). Server CPU is the sum over its threads of "
            f"/proc/PID/task/*/schedstat run time between the write and the event. p90 is "
            f"nearest-rank.",
            ""]
    return "\n".join(out)


def subsection_heading(pages, kind):
    """`### 10,000 pages` for body edits (as before kinds existed), else with the kind."""
    return f"### {pages:,} pages" + ("" if kind == "body" else f", {kind} edits")


def update_results(path, pages, section_md):
    """Replaces this run's `### N pages[, KIND edits]` subsection under the SECTION
    heading (or adds it there); every other part of the file is kept as it was."""
    text = ""
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
    if SECTION in text:
        before, rest = text.split(SECTION, 1)
        # The section ends at the next `## ` heading: what follows is other scripts' and
        # hand-written sections.
        end = re.search(r"(?m)^## ", rest)
        body, tail = (rest[:end.start()], rest[end.start():]) if end else (rest, "")
    else:
        before = "\n".join(["# almanac serve benchmark", "",
                            "Written by `bench/serve_latency.py` (issue 5); each run replaces the subsection "
                            "of its corpus size and edit kind. Latency is from just before the write of a page's source to "
                            "the arrival of the `{\"type\":\"reload\"}` Server-Sent Event naming that page's "
                            "URL, on a client connected to `/__almanac/events` of `almanac serve`.", "", ""])
        body, tail = "\n", text
    chunks = re.split(r"(?m)^(?=### )", body)
    heading = section_md.split("\n", 1)[0].strip()
    new = section_md.rstrip() + "\n\n"
    replaced = False
    for i, chunk in enumerate(chunks):
        if chunk.split("\n", 1)[0].strip() == heading:
            chunks[i] = new
            replaced = True
    if not replaced:
        chunks.append(new)
    with open(path, "w", encoding="utf-8") as f:
        f.write(before + SECTION + "".join(chunks).rstrip() + "\n" + ("\n" + tail if tail else ""))


if __name__ == "__main__":
    sys.exit(main())
