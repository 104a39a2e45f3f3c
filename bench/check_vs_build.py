#!/usr/bin/env python3
"""`puente check` as a fraction of `puente build` on the shared synthetic corpus (issue 3).

Usage: python3 bench/check_vs_build.py [--pages 10000] [--runs 3] [--corpus DIR]
Generates ../shared/bench/gen_corpus.py's Puente layout (unless --corpus is given), records
every pair as reviewed (so staleness is checked, as on a real site), builds twice untimed (so each
timed build rebuilds into existing output), then times `check` and `build` alternately in one
run on the same machine and prints medians and their ratio.
Needs a release build: cargo build --release.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "puente")
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def timed(args):
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus")
    args = parser.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    work = tempfile.mkdtemp(prefix="puente-bench-")
    try:
        site = args.corpus
        if not site:
            subprocess.run([sys.executable, GEN, work, "--pages", str(args.pages), "--layouts", "site"],
                           check=True, stdout=subprocess.DEVNULL)
            site = os.path.join(work, "site")
        subprocess.run([BIN, "--root", site, "review", "--all", "--quiet"], check=True)
        out = os.path.join(work, "public")
        # Untimed: the first build makes the output and the second its kept previous copy, so
        # every timed build is a rebuild (as `bench/compare.py`'s `puente`), not a fresh one.
        for _ in range(2):
            timed([BIN, "--root", site, "build", "--out", out, "--quiet"])
        checks, builds = [], []
        for _ in range(args.runs):
            checks.append(timed([BIN, "--root", site, "check", "--format", "json"]))
            builds.append(timed([BIN, "--root", site, "build", "--out", out, "--quiet"]))
        check, build = statistics.median(checks), statistics.median(builds)
        print(f"pages per language: {args.pages}, runs: {args.runs}")
        print(f"check  median {check:.2f} s  (all: {', '.join(f'{t:.2f}' for t in checks)})")
        print(f"build  median {build:.2f} s  (all: {', '.join(f'{t:.2f}' for t in builds)})")
        print(f"check / build = {check / build:.1%}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
