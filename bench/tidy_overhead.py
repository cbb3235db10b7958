#!/usr/bin/env python3
"""clang-tidy overhead of the copyintent checks, as a ratio measured in one run.

For each input, clang-tidy-22 runs alternately (interleaved, to share the machine's
noise) with a trivial check and with the recommended copyintent checks, both with our
module loaded (so loading is not what is measured). The trivial check is
readability-misplaced-array-index: one array-subscript matcher, enabled for C and C++,
so clang-tidy's own AST-matching walk (which every configuration with any check pays
once) is in both. Reports the median CPU time of each and the overhead ratio; with
--instructions also the instruction counts under callgrind, which do not depend on
what else the machine is doing. Targets: all checks together under 10% (issue 11);
the four intent checks, reading a facts file, under 5% (issue 9).

    bench/tidy_overhead.py [--runs N] [--instructions] [--build build]
                           [--out docs/tidy-overhead.md]
"""
import re
import shutil
import tempfile
import argparse
import os
import statistics
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = subprocess.run(["llvm-config-22", "--bindir"], capture_output=True, text=True,
                     check=True).stdout.strip()
KERNEL = ["-ffreestanding", "-nostdinc", "-std=gnu11",
          "-I" + os.path.join(TOP, "test/checker/Inputs/kernel")]
USER = ["-I" + os.path.join(TOP, "test/checker/Inputs/user"),
        "-I" + os.path.join(TOP, "include")]

# (label, path or @generator, flags, dense): dense inputs are test fixtures where
# nearly every function holds a finding; there the time goes to rendering the
# diagnostics and their notes, which is the output asked for, not analysis overhead.
INPUTS = [
    ("generated ordinary C, 400 functions", "@user", USER, False),
    ("generated kernel driver, 300 functions", "@kernel", KERNEL, False),
    ("the same driver with its six bugs fixed", "@kernel-clean", KERNEL, False),
    ("glibc-heavy C (string.h, stdio.h, stdlib.h)", "examples/pmem_log.c", USER, False),
    ("kernel dax_iomap_actor (4.13)", "test/checker/fixtures/kernel/dax-iomap-actor.c",
     KERNEL + ["-DCOPYINTENT_TEST_ERA=413"], True),
    ("kernel pmem provenance", "test/checker/fixtures/kernel/pmem-provenance.c", KERNEL,
     True),
    ("C++ templates and lambdas", "test/checker/fixtures/user/templates-lambdas-macros.cpp",
     USER + ["-std=c++17"], True),
]


def run(tidy, plugin, checks, path, flags):
    """CPU time (user + system) of one clang-tidy process: steadier than wall time on
    a shared machine."""
    cmd = [tidy, "--load=" + plugin, "-checks=" + checks, "--header-filter=^$", "--quiet",
           path, "--"] + flags
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return ru.ru_utime + ru.ru_stime


def warnings(tidy, plugin, checks, path, flags):
    cmd = [tidy, "--load=" + plugin, "-checks=" + checks, "--header-filter=^$", "--quiet",
           path, "--"] + flags
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.stdout.count(" warning: ")


def instructions(tidy, plugin, checks, path, flags, config=None):
    """Instructions executed by one clang-tidy process, counted by callgrind."""
    fd, out = tempfile.mkstemp(suffix=".callgrind")
    os.close(fd)
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, tidy,
           "--load=" + plugin, "-checks=" + checks, "--header-filter=^$", "--quiet"] + \
        (["--config=" + config] if config else []) + [path, "--"] + flags
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    os.unlink(out)
    m = re.search(r"Collected : (\d+)", p.stderr)
    if not m:
        sys.exit("callgrind gave no count for " + path + ":\n" + p.stderr[-2000:])
    return int(m.group(1))


def generated_tu(path, functions=400):
    """Ordinary systems code at a realistic density: a struct-heavy TU with one copy
    in about every fifty lines, most into ordinary memory, few findings."""
    with open(path, "w") as f:
        f.write("#include <stdlib.h>\n#include <string.h>\n#include <stdio.h>\n"
                "#include <copyintent/copy.h>\n")
        f.write("struct rec { int id; char name[32]; double v[8]; struct rec *next; };\n")
        for i in range(functions):
            f.write(f"""
static int helper{i}(struct rec *r, const char *s, size_t n) {{
  int acc = 0;
  for (int k = 0; k < 8; ++k) {{
    r->v[k] = r->v[k] * 0.5 + k * {i};
    acc += (int)r->v[k] ^ (k << {i % 7});
  }}
  if (n > sizeof r->name)
    n = sizeof r->name;
  memcpy(r->name, s, n);
  if (r->next && acc % 3 == {i % 3})
    acc += helper{i - 1 if i else 0}(r->next, s, n / 2);
  char local[64];
  snprintf(local, sizeof local, "%d:%s", r->id, r->name);
  return acc + (int)strlen(local);
}}
int api{i}(struct rec *r, const char *s, size_t n) {{
  struct rec *copy = malloc(sizeof *copy);
  if (!copy)
    return -1;
  copyintent_memcpy_nocache(copy, r, sizeof *r);
  int v = helper{i}(copy, s, n);
  free(copy);
  return v;
}}
""")


def generated_kernel_tu(path, functions=300, findings=True):
    """A driver in the kernel's style (v5.17 API, the mock headers of the tests): one
    pmem region written with the right primitive, ordinary buffers from kmalloc, user
    copies, and a nocache copy into pmem in every fiftieth function (a finding)."""
    with open(path, "w") as f:
        f.write("#include <linux/kernel.h>\n#include <linux/device.h>\n"
                "#include <linux/ioport.h>\n#include <linux/libnvdimm.h>\n"
                "#include <linux/slab.h>\n#include <linux/string.h>\n"
                "#include <linux/uaccess.h>\n#include <linux/uio.h>\n")
        f.write("struct drv { void *pmem; size_t size; u8 *scratch; u32 stats[16];\n"
                "             struct drv *peer; };\n"
                "int drv_attach(struct device *dev, struct drv *d, struct resource *res)\n"
                "{\n\td->size = resource_size(res);\n"
                "\td->pmem = devm_memremap(dev, res->start, d->size, ARCH_MEMREMAP_PMEM);\n"
                "\td->scratch = kmalloc(4096, GFP_KERNEL);\n"
                "\treturn d->scratch ? 0 : -ENOMEM;\n}\n")
        for i in range(functions):
            finding = findings and i % 50 == 7
            f.write(f"""
static u32 drv_mix{i}(struct drv *d, u32 v)
{{
	u32 acc = v;
	for (int k = 0; k < 16; ++k) {{
		d->stats[k] += (acc >> (k & 7)) ^ {i};
		acc = acc * 31 + d->stats[k];
	}}
	if (d->peer && (acc & 3) == {i % 4})
		acc += drv_mix{i - 1 if i else 0}(d->peer, acc >> 1);
	return acc;
}}
long drv_write{i}(struct drv *d, const void __user *ubuf, size_t len, loff_t off,
		  struct iov_iter *iter)
{{
	u8 *tmp = kmalloc(len, GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	if (copy_from_user(tmp, ubuf, len)) {{
		kfree(tmp);
		return -EFAULT;
	}}
	memcpy(d->scratch, tmp, len < 4096 ? len : 4096);
	memcpy_flushcache(d->pmem + off, tmp, len);
	{"_copy_from_iter_nocache(d->pmem + off + len, len, iter);" if finding else "(void)iter;"}
	kfree(tmp);
	return drv_mix{i}(d, (u32)len);
}}
""")


def facts_of(copyintent, path, flags, work):
    """The cross-TU facts of one input, as `copyintent scan --facts-only` makes them:
    the facts mode's cost (reading and matching a facts file) is in what is measured."""
    import json
    db = os.path.join(work, "facts-db")
    os.makedirs(db, exist_ok=True)
    with open(os.path.join(db, "compile_commands.json"), "w") as f:
        json.dump([{"directory": os.path.dirname(path), "file": path,
                    "arguments": ["clang-22", "-c"] + flags + [path]}], f)
    out = os.path.join(db, os.path.basename(path) + ".facts.json")
    subprocess.run([copyintent, "scan", "-p", db, "--facts-only", "--no-cache", "--quiet",
                    "-o", out], check=True)
    return out


def synthetic_facts(copyintent, work, n):
    """A facts file of n parameter facts about functions the input does not have: what
    reading a facts file costs clang-tidy per TU, apart from using it (the copyintent
    command reads it once per round, before it forks the TUs)."""
    import json
    version = subprocess.run([copyintent, "--version"], capture_output=True,
                             text=True, check=True).stdout.split()[1]
    out = os.path.join(work, f"synthetic-{n}.facts.json")
    with open(out, "w") as f:
        # The format of docs/copyintent.md, "The facts file" (JSON Lines, keys first).
        f.write(json.dumps({"tool": "copyintent-facts", "version": version},
                           separators=(",", ":")) + "\n")
        for i in range(n):
            name = f"elsewhere_{i:06d}"
            fact = {"key": f"P:{name}:0", "about": "param",
                    "file": f"/src/dir{i % 97}/file{i}.c", "index": 0,
                    "kind": "persistent memory", "line": 10 + i % 500, "name": name,
                    "source": "'devm_memremap(..., ARCH_MEMREMAP_PMEM)' maps persistent "
                              "memory",
                    "what": f"'dev->region[{i}].base + off'"}
            f.write(json.dumps(fact, separators=(",", ":")) + "\n")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--build", default=os.path.join(TOP, "build"))
    ap.add_argument("--instructions", action="store_true",
                    help="also count instructions under valgrind's callgrind")
    ap.add_argument("--out")
    a = ap.parse_args()
    if a.instructions and not shutil.which("valgrind"):
        sys.exit("--instructions needs valgrind (Debian package valgrind)")
    tidy = os.path.join(BIN, "clang-tidy")
    plugin = os.path.join(a.build, "lib", "CopyIntentTidy.so")
    trivial = "-*,readability-misplaced-array-index"
    ours = "-*,copyintent-*,-copyintent-classify"
    # Issue 9's four intent checks by name: the ordering checks came later and are
    # held to the all-checks target.
    intent = "-*," + ",".join("copyintent-" + c for c in (
        "nocache-needs-writethrough", "nocache-to-iomem", "unneeded-writethrough",
        "misused-user-copy"))
    copyintent = os.path.join(a.build, "bin", "copyintent")
    rows = []
    gen_dir = os.path.join(a.build, "bench")
    os.makedirs(gen_dir, exist_ok=True)
    generated = {"@user": os.path.join(gen_dir, "tidy-overhead-user.c"),
                 "@kernel": os.path.join(gen_dir, "tidy-overhead-kernel.c"),
                 "@kernel-clean": os.path.join(gen_dir, "tidy-overhead-kernel-clean.c")}
    generated_tu(generated["@user"])
    generated_kernel_tu(generated["@kernel"])
    generated_kernel_tu(generated["@kernel-clean"], findings=False)
    for label, rel, flags, dense in INPUTS:
        path = generated.get(rel) or os.path.join(TOP, rel)
        base, mine = [], []
        run(tidy, plugin, ours, path, flags)  # warm the file cache
        for _ in range(a.runs):
            base.append(run(tidy, plugin, trivial, path, flags))
            mine.append(run(tidy, plugin, ours, path, flags))
        b, m = statistics.median(base), statistics.median(mine)
        # Each pair ran back to back: the median of the per-pair ratios cancels the
        # machine's drift better than the ratio of the two medians.
        ratios = sorted(y / x for x, y in zip(base, mine))
        ratio = statistics.median(ratios)
        # The spread of the pair ratios: on a shared VM CPU time moves by more than the
        # 5% to be resolved, and the reader should see by how much.
        q1, _, q3 = statistics.quantiles(ratios, n=4)
        ib = im = ii = None
        if a.instructions:
            ib = instructions(tidy, plugin, trivial, path, flags)
            im = instructions(tidy, plugin, ours, path, flags)
            # Issue 9's own target: the intent checks, reading a facts file.
            facts = facts_of(copyintent, path, flags, gen_dir)
            ii = instructions(tidy, plugin, intent, path, flags,
                              "{CheckOptions: {FactsFile: '%s'}}" % facts)
        rows.append((label, rel, b, m, ratio - 1.0, ib, im, dense,
                     warnings(tidy, plugin, ours, path, flags), q1 - 1.0, q3 - 1.0, ii))
    head = ("| input | warnings | trivial check (CPU s) | copyintent checks (CPU s) | "
            "overhead (median pair ratio) | pair ratios, middle half |")
    rule = "|---|---|---|---|---|---|"
    if a.instructions:
        head += (" trivial check (instructions) | copyintent checks (instructions) | "
                 "overhead (instructions) | intent checks with facts (instructions) | "
                 "overhead (instructions) |")
        rule += "---|---|---|---|---|"
    lines = []
    for dense in (False, True):
        lines.append("")
        lines.append("Findings-dense test fixtures (every few lines a warning with its notes; "
                     "reported, not held to the target):" if dense else
                     "Code at a realistic density of copies and findings (the target "
                     "applies here):")
        lines.append("")
        lines += [head, rule]
        for label, rel, b, m, o, ib, im, d, nwarn, lo, hi, ii in rows:
            if d != dense:
                continue
            src = "generated" if rel.startswith("@") else f"`{rel}`"
            line = (f"| {label} ({src}) | {nwarn} | {b:.3f} | {m:.3f} | {o * 100:+.1f}% | "
                    f"{lo * 100:+.1f}% .. {hi * 100:+.1f}% |")
            if a.instructions:
                line += (f" {ib / 1e6:.1f} M | {im / 1e6:.1f} M | {(im / ib - 1) * 100:+.1f}% |"
                         f" {ii / 1e6:.1f} M | {(ii / ib - 1) * 100:+.1f}% |")
            lines.append(line)
    # The checks' cost is the analysis, paid on every TU, plus the rendering of each
    # warning with its notes by clang-tidy, paid per finding. The target is judged on
    # the first, on realistic inputs without findings; the others are shown beside it.
    held = [r for r in rows if not r[7] and r[8] == 0]
    found = [r for r in rows if not r[7] and r[8] > 0]

    target = 0.10

    def verdict(v):
        return "met" if v < target else "not met"

    lines.append("")
    if a.instructions:
        iworst = max(r[6] / r[5] - 1 for r in held)
        lines.append(f"Worst overhead in instructions, realistic inputs without findings: "
                     f"{iworst * 100:+.2f}% (target for all checks together: under "
                     f"{target * 100:.0f}%): {verdict(iworst)}.")
        fworst = max(r[11] / r[5] - 1 for r in held)
        lines.append("")
        lines.append(f"Worst overhead in instructions of the four intent checks "
                     f"(nocache-needs-writethrough, nocache-to-iomem, unneeded-writethrough, "
                     f"misused-user-copy) reading a cross-TU facts file "
                     f"(`copyintent scan --facts-only` of the input), realistic inputs "
                     f"without findings: {fworst * 100:+.2f}% (issue 9's target: under "
                     f"5%): {'met' if fworst < 0.05 else 'not met'}.")
        for r in found:
            lines.append("")
            lines.append(f"With findings ({r[0]}, {r[8]} warnings): "
                         f"{(r[6] / r[5] - 1) * 100:+.1f}% in instructions; the difference "
                         "from the same code without them is clang-tidy rendering each "
                         "warning with its notes.")
    if a.instructions:
        # The price of reading a big facts file in every clang-tidy process.
        label, rel, flags = INPUTS[2][0], INPUTS[2][1], INPUTS[2][2]
        path = generated.get(rel) or os.path.join(TOP, rel)
        n = 10000
        big = synthetic_facts(copyintent, gen_dir, n)
        with_big = instructions(tidy, plugin, intent, path, flags,
                                "{CheckOptions: {FactsFile: '%s'}}" % big)
        without = instructions(tidy, plugin, intent, path, flags)
        per = (with_big - without) / n
        lines.append("")
        lines.append(f"Reading a facts file: {n} facts ({os.path.getsize(big) / 1e6:.1f} MB) "
                     f"add {(with_big - without) / 1e6:.0f} M instructions to each clang-tidy "
                     f"process ({per:.0f} per fact; {label}: "
                     f"{(with_big / without - 1) * 100:+.0f}%). The copyintent command "
                     "reads the file once per round and forks the TUs after it; clang-tidy "
                     "reads it in every process, so a big tree's facts (a whole-program "
                     "scan lists every argument) are cheaper through the command.")
    worst = max(held, key=lambda r: r[4])
    lines.append("")
    lines.append(f"Worst overhead in CPU time, realistic inputs without findings: "
                 f"{worst[4] * 100:+.2f}% (target: under {target * 100:.0f}%): {verdict(worst[4])}; its pair "
                 f"ratios spread from {worst[9] * 100:+.1f}% to {worst[10] * 100:+.1f}% "
                 "(middle half), so on this machine CPU time "
                 + ("resolves" if worst[10] - worst[9] < 0.05 else "cannot resolve")
                 + " a 5% difference.")
    text = "\n".join(lines)
    print(text)
    if a.out:
        cpu = "unknown CPU"
        try:
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        with open(a.out, "w") as f:
            f.write("# clang-tidy overhead of the copyintent checks\n\n"
                    "<!-- Generated by bench/tidy_overhead.py; do not edit. -->\n\n"
                    f"Measured {time.strftime('%Y-%m-%d')} on {cpu}, {a.runs} interleaved "
                    "runs per input, median CPU time (user + system) of the clang-tidy "
                    "process; the overhead is the median of the per-pair ratios (each "
                    "pair ran back to back). Both configurations load CopyIntentTidy.so; the baseline "
                    "runs one trivial check (`readability-misplaced-array-index`: one matcher, "
                    "enabled for C and C++, so clang-tidy's own AST-matching walk is in "
                    "both), the other the recommended set "
                    "(`-*,copyintent-*,-copyintent-classify`). Parsing dominates both; the "
                    "difference is the checks and the provenance analysis. CPU time on "
                    "this shared 2-core VM varies by several percent from run to run; "
                    "the instruction counts (callgrind, one run each) do not.\n\n"
                    f"Reproduce: `bench/tidy_overhead.py --runs {a.runs}"
                    + (" --instructions" if a.instructions else "")
                    + " --out docs/tidy-overhead.md` (after `scripts/build.sh`).\n\n")
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
