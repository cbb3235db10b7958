#!/usr/bin/python3
"""nocache's size policy, measured: writes docs/nocache-policy.md and its plots.

Runs the benchmark binary (scripts/bench.sh builds it: build-bench/bin/copyintent_bench):
throughput side by side with glibc memcpy in interleaved pairs (bench_paired.cpp), for
nocache with non-temporal stores at every size (COPYINTENT_NOCACHE_THRESHOLD=0) and with
the default policy; the L2- and LLC-scaled cache-pollution setups; and the pollution
sweep (--pollution-sweep): the same hot buffers after copies of every size, which shows
where a cached copy starts to evict the hot data. Records the ratios with their 95%
intervals, and plots both crossovers.

  bench/nocache_policy.py [--bench PATH] [--out docs/nocache-policy.md]
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The noise floor of a slowdown and the size names: the benchmark report's.
from report import POLLUTION_FLOOR, human_size as human  # noqa: E402
SWEEP_METHODS = [("memcpy", "glibc memcpy"), ("nt_avx2", "NT loop (by hand)"),
                 ("plugin.nocache", "nocache, inline"), ("runtime.nocache", "nocache, runtime")]


def run(bench, flt, env=None, extra=()):
    """The benchmark's JSON (benchmarks and context) for one filter."""
    e = dict(os.environ)
    e.update(env or {})
    out = subprocess.run([bench, f"--benchmark_filter={flt}", "--benchmark_format=json", *extra],
                         env=e, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         check=True).stdout
    return json.loads(out)


def pairs(data):
    out = {}
    for b in data["benchmarks"]:
        parts = b["name"].split("/")  # paired/num/den/variant/bytes/...
        out[(parts[1], parts[3], int(parts[4]))] = (b["ratio"], b["ratio_lo"], b["ratio_hi"])
    return out


def medians(data):
    """{(group, method, number): slowdown} from the _median aggregates."""
    out = {}
    for b in data["benchmarks"]:
        if b["name"].endswith("_median"):
            g, m, n = b["name"].split("/")[:3]
            out[(g, m, int(n))] = b["slowdown"]
    return out


def hot_of(context, group):
    """The hot-buffer size the benchmark reports for a pollution group."""
    desc = context.get(group, "")
    return int(desc.split("hot=")[1].split()[0]) if "hot=" in desc else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", default=os.path.join(TOP, "build-bench/bin/copyintent_bench"))
    ap.add_argument("--out", default=os.path.join(TOP, "docs/nocache-policy.md"))
    a = ap.parse_args()
    if not os.access(a.bench, os.X_OK):
        sys.exit(f"nocache_policy.py: no benchmark binary at {a.bench} (scripts/bench.sh builds it)")
    agg = ("--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true")
    nt = pairs(run(a.bench, "paired/runtime.nocache/memcpy/", {"COPYINTENT_NOCACHE_THRESHOLD": "0"}))
    pol = pairs(run(a.bench, "paired/(plugin|runtime).nocache/memcpy/"))
    fixed_json = run(a.bench, "pollution_(l2|llc)/(none|memcpy|nt_avx2|plugin.nocache|runtime.nocache)/",
                     extra=agg)
    fixed = medians(fixed_json)
    sweep_json = run(a.bench, "pollution_sweep_", extra=("--pollution-sweep", *agg))
    sweep = medians(sweep_json)
    sizes = sorted({k[2] for k in nt})
    threshold = None
    with open(os.path.join(TOP, "include/copyintent/lowering_abi.h")) as f:
        for line in f:
            if "define COPYINTENT_NOCACHE_THRESHOLD_DEFAULT" in line:
                threshold = int(line.split()[-1])

    # The pollution sweep, as slowdown over the run with no copy of the same size.
    groups = sorted({k[0] for k in sweep}, key=lambda g: (not g.endswith("_l2"), g))
    excess = {}  # group -> copy bytes -> method -> slowdown - none's
    # As in bench/report.py: a difference counts only when it stands out of what the
    # re-read does with no copy at all (here: over every size of the sweep).
    floor = {g: max([POLLUTION_FLOOR] + [2 * abs(v) for k, v in sweep.items()
                                         if k[0] == g and k[1] == "none"]) for g in groups}
    for g in groups:
        for n in sorted({k[2] for k in sweep if k[0] == g}):
            zero = sweep.get((g, "none", n), 0.0)
            excess.setdefault(g, {})[n] = {m: sweep[(g, m, n)] - zero for m, _ in SWEEP_METHODS
                                           if (g, m, n) in sweep}

    png = os.path.splitext(a.out)[0] + ".png"
    poll_png = os.path.splitext(a.out)[0] + "-pollution.png"
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(8, 4.5))
        for label, data, key, style in [
                ("non-temporal at every size", nt, "runtime.nocache", "o--"),
                ("default policy (runtime)", pol, "runtime.nocache", "s-"),
                ("default policy (inline)", pol, "plugin.nocache", "^-")]:
            ys = [data[(key, "aligned", n)][0] for n in sizes if (key, "aligned", n) in data]
            ax.plot(sizes[:len(ys)], ys, style, label=label)
        ax.axhline(0.9, color="grey", lw=0.8, ls=":")
        if threshold:
            ax.axvline(threshold, color="tab:red", lw=0.8, ls=":", label=f"threshold {threshold} B")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("copy size (bytes), aligned")
        ax.set_ylabel("throughput / glibc memcpy (paired)")
        ax.set_title("copyintent_memcpy_nocache against memcpy")
        ax.legend()
        fig.tight_layout()
        fig.savefig(png, dpi=100)
        plt.close(fig)
        if groups:
            fig, axes = plt.subplots(1, len(groups), figsize=(6 * len(groups), 4.5), squeeze=False)
            for ax, g in zip(axes[0], groups):
                ns = sorted(excess[g])
                for (m, label), style in zip(SWEEP_METHODS, ("o-", "s--", "^-", "v-")):
                    ys = [excess[g][n].get(m) for n in ns]
                    ax.plot(ns, ys, style, label=label)
                ax.axhline(floor[g], color="grey", lw=0.8, ls=":", label="noise floor")
                if threshold:
                    ax.axvline(threshold, color="tab:red", lw=0.8, ls=":",
                               label=f"threshold {threshold} B")
                ax.set_xscale("log", base=2)
                ax.set_xlabel("copy size (bytes)")
                ax.set_ylabel("hot-buffer slowdown over no copy")
                hot = hot_of(sweep_json["context"], g)
                ax.set_title(f"{g[len('pollution_sweep_'):].upper()}-scaled: "
                             f"hot buffer {human(hot) if hot else '?'}")
                ax.legend(fontsize="small")
            fig.tight_layout()
            fig.savefig(poll_png, dpi=100)
            plt.close(fig)
        else:
            poll_png = None
    except ImportError:
        print("nocache_policy.py: no plot: this python has no matplotlib "
              "(Debian's python3-matplotlib is for /usr/bin/python3)", file=sys.stderr)
        png = poll_png = None

    today = datetime.date.today().isoformat()
    lines = ["# nocache: the size policy", "",
             "<!-- Generated by bench/nocache_policy.py; do not edit. -->", "",
             f"Measured {today}, this machine's CPU as in docs/benchmarks.md. Reproduce: "
             "`scripts/bench.sh --dev` (builds the benchmarks), then `bench/nocache_policy.py`.", "",
             "`memcpy_nocache` promises to spare the cache where that matters, nothing about "
             "durability. Non-temporal stores cost a fence and bypass the cache for the "
             "destination, which a following read then misses; in the benchmarks below glibc "
             "memcpy copies the same buffers repeatedly, the best case for a cached copy. "
             "They pay off only where the copy would evict the working set, which the "
             "pollution measurements show.", "",
             "## Throughput against glibc memcpy (paired, median ratio and 95% interval)", "",
             "| bytes | NT at every size | default, runtime | default, inline |", "|---|---|---|---|"]
    fmt = lambda t: f"{t[0]:.2f} ({t[1]:.2f}-{t[2]:.2f})" if t else "-"
    for n in sizes:
        lines.append(f"| {n} | {fmt(nt.get(('runtime.nocache', 'aligned', n)))} | "
                     f"{fmt(pol.get(('runtime.nocache', 'aligned', n)))} | "
                     f"{fmt(pol.get(('plugin.nocache', 'aligned', n)))} |")
    lines += ["", "Misaligned (dst + 1, src + 3), default policy:", "",
              "| bytes | runtime | inline |", "|---|---|---|"]
    for n in sizes:
        lines.append(f"| {n} | {fmt(pol.get(('runtime.nocache', 'misaligned', n)))} | "
                     f"{fmt(pol.get(('plugin.nocache', 'misaligned', n)))} |")
    nt_even = [n for n in sizes if nt.get(("runtime.nocache", "aligned", n), (0,))[0] >= 0.9]
    if nt_even:
        lines += ["", f"Non-temporal stores first reach 0.9× memcpy's throughput at "
                  f"{human(nt_even[0])}: on throughput alone, nothing below that should bypass "
                  "the cache."]
    if png:
        lines += ["", f"![nocache against memcpy]({os.path.basename(png)})"]

    lines += ["", "## Cache pollution after copies of every size", "",
              "Each iteration makes a hot buffer cache-resident, re-reads it by pointer chasing "
              "(one dependent load a line, so every evicted line costs a full miss), copies n "
              "bytes between two other buffers, and re-reads it again (bench/bench_main.cpp, "
              "`copyintent_bench --pollution-sweep`). The numbers are the median slowdown of "
              "the second re-read over the first, minus the same with no copy at all: how much "
              f"of the hot data the copy evicted. Below {POLLUTION_FLOOR} it is noise.", ""]
    crossover = {}
    for g in groups:
        hot = hot_of(sweep_json["context"], g)
        lines += [f"**{g[len('pollution_sweep_'):].upper()}-scaled** (hot buffer "
                  f"{human(hot) if hot else '?'}):", "",
                  "| copy | " + " | ".join(label for _, label in SWEEP_METHODS) + " |",
                  "|---|" + "---:|" * len(SWEEP_METHODS)]
        for n in sorted(excess[g]):
            lines.append(f"| {human(n)} | " + " | ".join(
                f"{excess[g][n][m]:+.3f}" if m in excess[g][n] else "-"
                for m, _ in SWEEP_METHODS) + " |")
        cares = [n for n in sorted(excess[g]) if excess[g][n].get("memcpy", 0) >= floor[g]]
        crossover[g] = cares[0] if cares else None
        lines.append("")
        lines.append(f"Noise floor here: {floor[g]:.3f} (the larger of {POLLUTION_FLOOR} and "
                     "twice the largest slowdown of the runs with no copy).")
        if cares:
            n = cares[0]
            nt_x = excess[g][n].get("nt_avx2")
            lines.append(f"memcpy's own pollution first passes the floor at {human(n)} "
                         f"({excess[g][n]['memcpy']:+.3f}"
                         + (f"; the NT loop's there: {nt_x:+.3f}" if nt_x is not None else "")
                         + ").")
        else:
            lines.append("memcpy's own pollution never passes the floor here: the setup "
                         "cannot tell the methods apart on this machine.")
        lines.append("")
    if poll_png:
        lines += [f"![pollution against copy size]({os.path.basename(poll_png)})", ""]

    lines += ["## Cache pollution, fixed setups", "",
              "hot = L2/2, copy = L2/4 (issue 12's target setup, `pollution_l2` in "
              "docs/benchmarks.md) and hot = LLC/4, copy = LLC/8 (`pollution_llc`): both "
              "copies are above the threshold. Slowdown minus the no-copy run's, and its "
              "ratio to memcpy's.", "",
              "| setup | method | hot-buffer slowdown | against memcpy's |", "|---|---|---|---|"]
    for g in ("pollution_l2", "pollution_llc"):
        zero = fixed.get((g, "none", hot_of(fixed_json["context"], g) or 0))
        row = {m: v for (gg, m, _), v in fixed.items() if gg == g}
        if "memcpy" not in row or zero is None:
            continue
        ref = row["memcpy"] - zero
        fl = max(POLLUTION_FLOOR, 2 * abs(zero))
        for m in ("memcpy", "nt_avx2", "plugin.nocache", "runtime.nocache"):
            if m in row:
                rel = (f"{(row[m] - zero) / ref:.2f}" if ref >= fl else
                       f"not measurable (memcpy's is below the floor, {fl:.2f})")
                lines.append(f"| `{g}` | {m} | {row[m] - zero:+.3f} | {rel} |")

    at_threshold = None
    l2 = next((g for g in groups if g.endswith("_l2")), None)
    if l2 and threshold:
        below = [n for n in excess[l2] if n <= threshold]
        if below:
            at_threshold = (max(below), excess[l2][max(below)].get("memcpy"))
    lines += ["", "## The policy", "",
              f"Below {threshold} bytes (`COPYINTENT_NOCACHE_THRESHOLD_DEFAULT` in "
              "`include/copyintent/lowering_abi.h`, read by the pass and the runtime) nocache "
              "is an ordinary copy with no fence: as fast as memcpy, and its footprint is at "
              "most the size of an L1 data cache. At and above it, non-temporal stores and "
              "(x86) the sfence that orders them."]
    if at_threshold and at_threshold[1] is not None:
        n, x = at_threshold
        verdict = ("within the noise floor: the cached path stays where the cache does not care"
                   if x < floor[l2] else
                   "**above the noise floor: the threshold is past the crossover**")
        lines[-1] += (f" Measured against the sweep: memcpy's pollution of the L2-scaled hot "
                      f"buffer at {human(n)} is {x:+.3f}, {verdict}"
                      + (f"; it passes the floor at {human(crossover[l2])}" if crossover.get(l2)
                         else "") + ". Between the threshold and that point the policy trades "
                      "throughput (the table above) for a hot set larger than L2/2, which "
                      "memcpy would start to evict sooner.")
    lines += ["", "Targets: ≥ 0.9× memcpy at 256 B, 1 KiB and 4 KiB; pollution ≤ 0.5× memcpy's "
              "in the L2-scaled setup; large copies within 5% of the NT loop (docs/benchmarks.md "
              "(c)). Override: `-mllvm -copyintent-nocache-threshold=N` (the pass), "
              "`COPYINTENT_NOCACHE_THRESHOLD=N` (the runtime; a bad value is reported and the "
              "default kept). writethrough and persist keep their own threshold "
              "(`-copyintent-nt-threshold`, `COPYINTENT_NT_THRESHOLD`, 256 B).", ""]
    with open(a.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
