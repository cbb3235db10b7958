#!/usr/bin/env python3
"""clang -fplugin and clang-tidy give the same copyintent diagnostics.

    fplugin_parity.py --clang "CLANG [ARGS]" --plugin CopyIntent.so --clang-tidy "TIDY --load=..."
                      --kernel-cflags "..." --user-cflags "..." FILE...

For every `%check_clang_tidy` RUN line of each FILE (the test configurations of the
checker: checks, era, options, compiler flags), runs clang-tidy and the compiler with
the plugin on the file, and compares their copyintent warnings with every note under
them: file, line, column and text, in order. Options given to clang-tidy as
-config="{CheckOptions: {Name: value}}" become -fplugin-arg-copyintent-Name=value (Name may be <check id>.<option>);
configurations the compiler has no equivalent for (other clang-tidy arguments,
expected configuration errors) are counted as skipped.
Ends with "N configurations compared (M warnings, K notes), N differ, N skipped";
exits 1 if any differ or if nothing was compared.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(TOP, "scripts"))
import check_clang_tidy as cct  # noqa: E402  (its RUN-line argument parser)

DIAG = re.compile(r"^(?P<loc>[^\s:][^:]*:\d+:\d+): (?P<kind>warning|error|note): (?P<text>.*)$")
OUR_WARNING = re.compile(r"\[copyintent-[a-z-]+\]$")


def run_lines(text):
    """The RUN commands of a test file, continuation lines joined."""
    cmds, cur = [], ""
    for line in text.splitlines():
        m = re.search(r"(?://|#)\s*RUN:(.*)$", line)
        if not m:
            continue
        part = m.group(1).rstrip()
        if part.endswith("\\"):
            cur += part[:-1] + " "
            continue
        cmds.append(cur + part)
        cur = ""
    return cmds


def location(block):
    """(file, line, column) of a block's warning, for ordering."""
    m = re.match(r"(.*?):(\d+):(\d+):", block[0])
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else (block[0], 0, 0)


def blocks(output):
    """Our warnings, each with the notes that follow it."""
    out, cur = [], None
    for line in output.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        if m.group("kind") == "note":
            if cur is not None and "FIX-IT applied" not in m.group("text"):
                cur.append(line)
            continue
        cur = [line] if m.group("kind") == "warning" and OUR_WARNING.search(line) else None
        if cur is not None:
            out.append(cur)
    return out


def config_options(tidy_args):
    """-fplugin-arg-copyintent-* for a -config with global CheckOptions, or None."""
    if not tidy_args:
        return []
    if len(tidy_args) != 1 or not tidy_args[0].startswith("-config="):
        return None
    m = re.fullmatch(r"\{\s*CheckOptions:\s*\{(.*)\}\s*\}", tidy_args[0][len("-config="):])
    if not m:
        return None
    args = []
    for item in re.findall(r"([\w.-]+):\s*('[^']*'|[^,]+)", m.group(1)):
        name, value = item[0], item[1].strip().strip("'")
        args.append(f"-fplugin-arg-copyintent-{name}={value}")
    return args


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clang", required=True, help="command line, split like a shell")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--clang-tidy", required=True, help="command line, split like a shell")
    ap.add_argument("--kernel-cflags", required=True)
    ap.add_argument("--user-cflags", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()

    compared = differ = skipped = warnings = notes = 0
    for path in a.files:
        path = os.path.abspath(path)
        with open(path) as f:
            text = f.read()
        for cmd in run_lines(text):
            if "%check_clang_tidy" not in cmd:
                continue
            cmd = cmd.split("%check_clang_tidy", 1)[1].split("|", 1)[0]
            cmd = (cmd.replace("%ci-kernel-cflags", a.kernel_cflags)
                   .replace("%ci-user-cflags", a.user_cflags)
                   .replace("%s", path).replace("%S", os.path.dirname(path))
                   .replace("%t", "/nonexistent"))
            args = cct.parse(shlex.split(cmd))
            extra = config_options(args.tidy_args)
            if extra is None or args.expect_clang_tidy_error or args.input != path:
                skipped += 1
                continue
            lang = cct.LANGUAGES[os.path.splitext(path)[1]]
            cc = list(args.cc_args)
            if not any(x.startswith("-std=") for x in cc):
                cc.append("-std=" + (args.std or cct.DEFAULT_STD[lang]))
            tidy = subprocess.run(
                shlex.split(a.clang_tidy) + [f"-checks=-*,{args.checks}",
                                             f"--header-filter={args.header_filter}"] +
                (args.tidy_args or ["--config={}"]) + [path, "--"] + cc,
                capture_output=True, text=True)
            clang = subprocess.run(
                shlex.split(a.clang) + [f"-fplugin={a.plugin}",
                 f"-fplugin-arg-copyintent-checks=-*,{args.checks}"] + extra +
                ["-fsyntax-only", "-Wno-everything"] + cc + [path],
                capture_output=True, text=True)
            # clang-tidy sorts its diagnostics by location; clang reports each check's
            # as the check runs. The same diagnostics in either order are parity.
            t, c = sorted(blocks(tidy.stdout), key=location), sorted(blocks(clang.stderr), key=location)
            compared += 1
            if t != c or clang.returncode != 0:
                differ += 1
                print(f"DIFFER: {os.path.relpath(path, TOP)}: {cmd.strip()}")
                print("  clang-tidy:\n    " + "\n    ".join(sum(t, [])))
                print(f"  clang -fplugin (exit {clang.returncode}):\n    " +
                      "\n    ".join(sum(c, []) or clang.stderr.splitlines()[-5:]))
            warnings += len(t)
            notes += sum(len(b) - 1 for b in t)
    print(f"{compared} configurations compared ({warnings} warnings, {notes} notes), "
          f"{differ} differ, {skipped} skipped")
    sys.exit(1 if differ or compared == 0 else 0)


if __name__ == "__main__":
    main()
