#!/usr/bin/env python3
"""copyintent scan against run-clang-tidy over whole trees, side by side in one run.

  bench/whole_tree.py [--tus 2000] [--runs 3] [-j 2] [--out docs/whole-tree.md]

Trees: a generated one (bench/gen_tree.py: --tus TUs, shared headers, cross-TU
persistent-memory flows, planted findings listed in EXPECTED.txt), and the Linux 6.1
TUs of the real-code tier (scripts/real-tree.sh's compile database, when present).

Per tree and round, in turn:
  A  run-clang-tidy-22 -j N with the copyintent module and the recommended checks
  B  copyintent scan -j N --no-cache                 (cold, one phase)
  C  copyintent scan -j N --no-cache --cross-tu      (cold, facts then checks)
  D  copyintent scan -j N --cross-tu, cache warm     (nothing changed)
Each is timed as a whole process by /usr/bin/time (wall seconds, peak RSS of the
largest single process); ratios B/A, C/A, D/A are taken round by round and reported
as median with min-max. Targets (issue 10): B/A <= 1.1, C/A <= 2, D/A < 0.1.

The generated tree's findings from C are also compared with its EXPECTED.txt.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
TOOL = os.path.join(TOP, "build", "bin", "copyintent")
MODULE = os.path.join(TOP, "build", "lib", "CopyIntentTidy.so")
CHECKS = "-*,copyintent-*,-copyintent-classify"
LINUX_DB = "/var/tmp/copyintent-linux/linux-source-6.1"


def timed(cmd, cwd):
    """(wall seconds, peak RSS in MiB) of one run of cmd."""
    with tempfile.NamedTemporaryFile("r") as t:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd, cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"whole_tree: {' '.join(cmd[:3])}... failed ({p.returncode}):\n"
                     f"{p.stderr[-2000:]}")
        wall, rss = t.read().split()[-2:]
    return float(wall), int(rss) / 1024


def commands(tree, jobs, cache):
    scan = [TOOL, "scan", "-p", tree, f"-j{jobs}", "--quiet", "--fail-on=never",
            "-o", "/dev/null"]
    return {
        "A run-clang-tidy": ["run-clang-tidy-22", "-clang-tidy-binary", "clang-tidy-22",
                             "-load", MODULE, f"-checks={CHECKS}", "-p", tree,
                             "-j", str(jobs), "-quiet"],
        "B scan, cold": scan + ["--no-cache"],
        "C scan --cross-tu, cold": scan + ["--no-cache", "--cross-tu"],
        "D scan --cross-tu, warm": scan + ["--cross-tu", f"--cache-dir={cache}"],
    }


def measure(name, tree, runs, jobs):
    cache = tempfile.mkdtemp(prefix="copyintent-bench-cache")
    cmds = commands(tree, jobs, cache)
    # Warm the cache of D once (its own cold run is C's).
    subprocess.run(cmds["D scan --cross-tu, warm"], cwd=tree, stdout=subprocess.DEVNULL)
    results = {k: [] for k in cmds}
    for r in range(runs):
        for k, cmd in cmds.items():
            results[k].append(timed(cmd, tree))
            print(f"{name} round {r + 1} {k}: {results[k][-1][0]:.1f} s "
                  f"{results[k][-1][1]:.0f} MiB", file=sys.stderr)
    shutil.rmtree(cache)
    return results


def summary(name, tus, results):
    rows = [f"### {name} ({tus} TUs)", "",
            "| command | wall s (median, min-max) | peak RSS MiB | wall / run-clang-tidy |",
            "|---|---|---|---|"]
    base = [w for w, _ in results["A run-clang-tidy"]]
    for k, v in results.items():
        walls = [w for w, _ in v]
        rss = max(m for _, m in v)
        ratios = [w / b for w, b in zip(walls, base)]
        ratio = "1" if k.startswith("A") else \
            f"{statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})"
        rows.append(f"| {k} | {statistics.median(walls):.1f} ({min(walls):.1f}-"
                    f"{max(walls):.1f}) | {rss:.0f} | {ratio} |")
    return rows + [""]


def check_expected(tree):
    """Planted findings against what scan --cross-tu reports (text format)."""
    out = subprocess.run([TOOL, "scan", "-p", tree, "--cross-tu", "--quiet",
                          f"--cache-dir={tree}/.bench-cache", "--fail-on=never"],
                         cwd=tree, capture_output=True, text=True).stdout
    got = set()
    for line in out.splitlines():
        m = re.match(re.escape(tree) + r"/(\S+?):(\d+):\d+: warning:", line)
        if m:
            got.add(f"{m.group(1)}:{m.group(2)}")
    want = set()
    with open(os.path.join(tree, "EXPECTED.txt")) as f:
        for line in f:
            path, lineno, _ = line.split(":", 2)
            want.add(f"{path}:{lineno}")
    return len(want), len(got & want), len(got - want)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tus", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(TOP, "docs", "whole-tree.md"))
    args = ap.parse_args()
    for tool in (TOOL, MODULE, "/usr/bin/time"):
        if not os.path.exists(tool):
            sys.exit(f"whole_tree: {tool} not found (scripts/build.sh; Debian package time)")

    tree = f"/var/tmp/copyintent-bench-tree-{args.tus}"
    subprocess.run([sys.executable, os.path.join(HERE, "gen_tree.py"), tree,
                    "--tus", str(args.tus)], check=True, stdout=subprocess.DEVNULL)
    lines = ["# copyintent scan against run-clang-tidy", "",
             "Made by `bench/whole_tree.py` (run it to reproduce; it writes this page). "
             f"Both tools with `-j{args.jobs}`, the same checks (`{CHECKS}`) and the same "
             f"compile database; {args.runs} rounds, each command once a round in turn; "
             "ratios taken round by round. Machine: "
             f"{os.cpu_count()} cores, {subprocess.run(['uname', '-m'], capture_output=True, text=True).stdout.strip()}.",
             "", "Targets (issue 10): cold one-phase within 1.1x run-clang-tidy, "
             "two-phase within 2x, warm under 0.1x.", ""]
    res = measure("generated", tree, args.runs, args.jobs)
    lines += summary("Generated tree (bench/gen_tree.py, shared headers, cross-TU flows)",
                     args.tus, res)
    want, found, extra = check_expected(tree)
    lines += [f"Planted findings (EXPECTED.txt): {want}; found by `scan --cross-tu`: "
              f"{found}; findings not planted: {extra}.", ""]
    if os.path.exists(os.path.join(LINUX_DB, "compile_commands.json")):
        with open(os.path.join(LINUX_DB, "compile_commands.json")) as f:
            n = len(json.load(f))
        res = measure("linux", LINUX_DB, args.runs, args.jobs)
        lines += summary("Linux 6.1, the real-code tier's TUs (scripts/real-tree.sh)", n, res)
    else:
        lines += ["(Linux 6.1 tree not prepared: run scripts/real-tree.sh first.)", ""]
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
