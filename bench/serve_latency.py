#!/usr/bin/env python3
"""Edit-to-reload latency of `puente serve` (issue 4): the time from writing one page's file to
the reload message reaching a connected live-reload client.

Usage: python3 bench/serve_latency.py [--site DIR | --pages N] [--edits 15]
Without --site it generates ../shared/bench/gen_corpus.py's Puente layout at N pages per
language. Each edit rewrites one paragraph of the same English page. Prints p50, p90, max.
Needs a release build: cargo build --release.
"""
import argparse, os, shutil, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "puente")
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_reload(sock, deadline):
    buffer = b""
    while time.perf_counter() < deadline:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError("event stream closed")
        buffer += chunk
        if b"event: reload" in buffer:
            return
    raise RuntimeError("no reload message in time")


def drain(sock):
    """Drops reload messages of earlier edits, so each measurement waits for its own."""
    sock.setblocking(False)
    try:
        while sock.recv(65536):
            pass
    except BlockingIOError:
        pass
    finally:
        sock.setblocking(True)
        sock.settimeout(300)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=15)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="puente-serve-bench-")
    try:
        if args.site:
            site = os.path.join(work, "site")
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public", "target", ".git", "node_modules"))
        else:
            subprocess.run([sys.executable, GEN, work, "--pages", str(args.pages), "--layouts", "site"],
                           check=True, stdout=subprocess.DEVNULL)
            site = os.path.join(work, "site")
        subprocess.run([BIN, "--root", site, "review", "--all", "--quiet"], check=True)
        page = sorted(
            os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site, "content-en")) for f in fs
            if f.endswith(".md") and f != "_index.md")[0]
        port = free_port()
        started = time.perf_counter()
        server = subprocess.Popen([BIN, "--root", site, "serve", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    sock = socket.create_connection(("127.0.0.1", port), timeout=1)
                    break
                except OSError:
                    time.sleep(0.05)
            ready = time.perf_counter() - started
            sock.settimeout(300)
            sock.sendall(b"GET /__puente/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
            sock.recv(4096)
            original = open(page, encoding="utf-8").read()
            times = []
            for k in range(args.edits):
                text = original + f"\nEdit number {k}.\n"
                time.sleep(0.3)
                drain(sock)
                t0 = time.perf_counter()
                with open(page, "w", encoding="utf-8") as f:
                    f.write(text)
                wait_for_reload(sock, t0 + 300)
                times.append((time.perf_counter() - t0) * 1000)
            with open(page, "w", encoding="utf-8") as f:
                f.write(original)
            times.sort()
            print(f"site: {args.site or f'gen_corpus --pages {args.pages}'}; first build and listen: {ready:.2f} s")
            print(f"edit -> reload over {len(times)} edits: p50 {statistics.median(times):.0f} ms, "
                  f"p90 {times[int(len(times) * 0.9) - 1]:.0f} ms, max {times[-1]:.0f} ms")
        finally:
            server.kill()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
