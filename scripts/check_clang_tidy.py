#!/usr/bin/env python3
"""Run clang-tidy on a test input and verify its diagnostics and fix-its.

copyintent's own equivalent of LLVM's clang-tools-extra/test/clang-tidy/check_clang_tidy.py
(Debian does not ship it). Python 3 standard library only.

USAGE
  check_clang_tidy.py [options] INPUT CHECKS TEMPFILE [-- TIDY-ARGS... [-- COMPILER-ARGS...]]

  INPUT      the test source (.c, .cpp, .cc, .cxx, .h, .hpp), holding the check lines.
  CHECKS     the checks to enable: clang-tidy runs with -checks=-*,CHECKS.
  TEMPFILE   where the copy that clang-tidy fixes is written (lit: %t). The input's
             extension is appended unless TEMPFILE already ends with it.
  TIDY-ARGS  extra clang-tidy arguments, e.g. -config="{CheckOptions: {...}}".
  COMPILER-ARGS  arguments of the compiler (after clang-tidy's own `--`).

Options
  --clang-tidy CMD      clang-tidy to run (default /usr/lib/llvm-22/bin/clang-tidy); split
                        like a shell word list, so "python3 fake.py" works.
  --llvm-bindir DIR     where FileCheck and clang are (default /usr/lib/llvm-22/bin).
  --load PLUGIN         passed as --load=PLUGIN (repeatable).
  --check-suffix S[,S2] check lines are CHECK-MESSAGES-S / CHECK-FIXES-S / CHECK-NOTES-S;
                        an empty item (",S") also selects the unsuffixed prefixes.
  --std STD             language standard (default gnu11 for C, c++17 for C++), added as
                        -std=STD to the compiler arguments.
  --header-filter RE    clang-tidy's --header-filter (default ^$: no header).
  --expect-no-fixes     fail if clang-tidy changes the file at all.
  --expect-clang-tidy-error
                        clang-tidy must exit non-zero (compiler or configuration error);
                        messages are still checked, the fix steps are skipped.
  LLVM's one-dash spellings -check-suffix, -check-suffixes, -std and
  -expect-clang-tidy-error are accepted too.

STEPS (each failure names its step, prints the command and its output, exits 1)
  1. prepare   INPUT is copied to TEMPFILE with every // CHECK-MESSAGES / CHECK-FIXES /
               CHECK-NOTES comment (any suffix) replaced by `//`: line numbers stay,
               and check lines cannot match themselves in the fixed file.
  2. tidy      clang-tidy --load=... TEMPFILE -fix -checks=-*,CHECKS --header-filter=...
               [--config={} unless a config is given] TIDY-ARGS -- COMPILER-ARGS
  3. messages  FileCheck of clang-tidy's stdout against INPUT with CHECK-MESSAGES[-S]
               and --implicit-check-not={{warning|error}}: . Without such lines:
               clang-tidy must print no warning and no error.
  4. notes     if INPUT has CHECK-NOTES[-S]: FileCheck of stdout (the "FIX-IT applied"
               notes removed). With CHECK-MESSAGES as well, only notes are implicit
               (every note must be matched; warnings are checked by step 3). Without
               CHECK-MESSAGES, CHECK-NOTES must also list the warnings (LLVM's rule).
  5. fixes     if INPUT has CHECK-FIXES[-S]: FileCheck -strict-whitespace of the fixed
               TEMPFILE against INPUT.
  6. no-fixes  with --expect-no-fixes: the file must be unchanged.
  7. compile   if the file changed: clang -fsyntax-only -x c|c++ COMPILER-ARGS TEMPFILE
               (plus any --extra-arg(-before) of TIDY-ARGS) must succeed.
  8. idempotent if the file changed: a second clang-tidy -fix run must not change it.

lit substitution (test/lit.cfg.py):
  %check_clang_tidy -> python3 <src>/scripts/check_clang_tidy.py
                       --clang-tidy /usr/lib/llvm-22/bin/clang-tidy --load <build>/lib/CopyIntentTidy.so
  // RUN: %check_clang_tidy %s copyintent-unneeded-writethrough %t -- -- -I%S/Inputs
"""

import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys

LLVM_BINDIR = "/usr/lib/llvm-22/bin"
KINDS = ("MESSAGES", "FIXES", "NOTES")
# FileCheck directive suffixes a prefix may carry ("CHECK-FIXES-NEXT:").
DIRECTIVE = r"(?:-NEXT|-SAME|-NOT|-DAG|-LABEL|-EMPTY|-COUNT-[0-9]+)?:"
# A check comment, from its "//" to the end of the line (code before it stays).
CHECK_COMMENT = re.compile(r"//[ \t]*CHECK-(?:MESSAGES|FIXES|NOTES)(?:-[A-Za-z0-9_]+)*:[^\r\n]*")
LANGUAGES = {".c": "c", ".h": "c", ".cpp": "c++", ".cc": "c++", ".cxx": "c++", ".hpp": "c++"}
DEFAULT_STD = {"c": "gnu11", "c++": "c++17"}
FIXIT_NOTE = "note: FIX-IT applied suggested code changes"


class StepFailure(Exception):
    pass


def fail(step, message, cmd=None, output=None):
    text = [f"check_clang_tidy.py: FAILED at step '{step}': {message}"]
    if cmd is not None:
        text.append("command: " + shlex.join(cmd))
    if output:
        text.append("------------------------------ output ------------------------------")
        text.append(output.rstrip("\n"))
        text.append("--------------------------------------------------------------------")
    raise StepFailure("\n".join(text))


def run(step, cmd):
    """Runs cmd; returns (exit status, stdout, stderr). A missing program is a failure."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           errors="replace")
    except OSError as e:
        fail(step, f"cannot run {cmd[0]}: {e}", cmd)
    return p.returncode, p.stdout, p.stderr


def read(path):
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
        f.write(text)


def unified_diff(before, after, name):
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        f"{name} (before)", f"{name} (after)"))


def split_dashdash(argv):
    """script args, clang-tidy args, compiler args: split at the first two `--`."""
    if "--" not in argv:
        return argv, [], []
    i = argv.index("--")
    rest = argv[i + 1:]
    if "--" not in rest:
        return argv[:i], rest, []
    j = rest.index("--")
    return argv[:i], rest[:j], rest[j + 1:]


def has_option(args, *names):
    """True if args holds any of the long options names (-x, --x, -x=..., --x=...)."""
    for a in args:
        bare = a.lstrip("-").split("=", 1)[0]
        if a.startswith("-") and bare in names:
            return True
    return False


def extra_compiler_args(tidy_args):
    """The compiler arguments hidden in clang-tidy's --extra-arg(-before) options."""
    before, after = [], []
    it = iter(tidy_args)
    for a in it:
        m = re.match(r"--?(extra-arg|extra-arg-before)(?:=(.*))?$", a)
        if not m:
            continue
        value = m.group(2) if m.group(2) is not None else next(it, "")
        (before if m.group(1) == "extra-arg-before" else after).append(value)
    return before, after


def prefixes(kind, suffixes, text):
    """The check prefixes of kind that text uses, for each requested suffix."""
    found = []
    for s in suffixes:
        p = f"CHECK-{kind}" + (f"-{s}" if s else "")
        if re.search(r"(?<![A-Za-z0-9_-])" + re.escape(p) + DIRECTIVE, text):
            found.append(p)
    return found


def parse(argv):
    script_args, tidy_args, cc_args = split_dashdash(argv)
    ap = argparse.ArgumentParser(
        prog="check_clang_tidy.py", allow_abbrev=False,
        usage="%(prog)s [options] INPUT CHECKS TEMPFILE [-- TIDY-ARGS... [-- COMPILER-ARGS...]]",
        description="Runs clang-tidy -fix on a copy of INPUT and checks its CHECK-MESSAGES, "
                    "CHECK-NOTES and CHECK-FIXES lines with FileCheck; see the file's "
                    "docstring for the steps.")
    ap.add_argument("--clang-tidy", default=os.path.join(LLVM_BINDIR, "clang-tidy"))
    ap.add_argument("--llvm-bindir", default=LLVM_BINDIR)
    ap.add_argument("--load", action="append", default=[], metavar="PLUGIN")
    # LLVM's script spells these with one dash: accepted too.
    ap.add_argument("--check-suffix", "--check-suffixes", "-check-suffix", "-check-suffixes",
                    dest="check_suffix", default="", metavar="S[,S2]")
    ap.add_argument("--std", "-std", dest="std")
    ap.add_argument("--header-filter", default="^$", metavar="RE")
    ap.add_argument("--expect-no-fixes", action="store_true")
    ap.add_argument("--expect-clang-tidy-error", "-expect-clang-tidy-error",
                    dest="expect_clang_tidy_error", action="store_true")
    ap.add_argument("input")
    ap.add_argument("checks")
    ap.add_argument("tempfile")
    args = ap.parse_args(script_args)
    args.tidy_args, args.cc_args = tidy_args, cc_args
    return args


def main(argv):
    args = parse(argv)
    step = "prepare"
    ext = os.path.splitext(args.input)[1]
    lang = LANGUAGES.get(ext)
    if lang is None:
        fail(step, f"unknown input extension '{ext}' (one of {', '.join(LANGUAGES)})")
    suffixes = args.check_suffix.split(",") if args.check_suffix else [""]
    for s in suffixes:
        if not re.fullmatch(r"[A-Za-z0-9_-]*", s):
            fail(step, f"invalid check suffix '{s}': letters, digits, '-' and '_' only")
    if has_option(args.tidy_args, "checks"):
        fail(step, "give the checks as the CHECKS argument, not as -checks in TIDY-ARGS")
    if any(a.startswith("-std=") for a in args.cc_args):
        if args.std:
            fail(step, "--std and a -std= compiler argument were both given")
    else:
        args.cc_args.append("-std=" + (args.std or DEFAULT_STD[lang]))

    try:
        original = read(args.input)
    except OSError as e:
        fail(step, f"cannot read {args.input}: {e}")
    temp = args.tempfile if args.tempfile.endswith(ext) else args.tempfile + ext
    if os.path.realpath(temp) == os.path.realpath(args.input):
        fail(step, f"TEMPFILE {temp} is the input itself")
    os.makedirs(os.path.dirname(os.path.abspath(temp)), exist_ok=True)
    blanked = CHECK_COMMENT.sub("//", original)
    write(temp, blanked)
    write(temp + ".orig", blanked)

    found = {k: prefixes(k, suffixes, original) for k in KINDS}
    tidy = shlex.split(args.clang_tidy)
    filecheck = os.path.join(args.llvm_bindir, "FileCheck")
    clang = os.path.join(args.llvm_bindir, "clang")
    tidy_cmd = tidy + [f"--load={p}" for p in args.load] + [
        temp, "-fix", f"-checks=-*,{args.checks}"]
    if not has_option(args.tidy_args, "header-filter"):
        tidy_cmd.append(f"--header-filter={args.header_filter}")
    if not has_option(args.tidy_args, "config", "config-file"):
        tidy_cmd.append("--config={}")  # hermetic: no .clang-tidy from parent directories
    tidy_cmd += args.tidy_args + ["--"] + args.cc_args

    # Step 2: clang-tidy -fix.
    step = "tidy"
    rc, out, err = run(step, tidy_cmd)
    print("------------------------ clang-tidy output -------------------------")
    print(out.rstrip("\n"))
    if err.strip():
        print("------------------------ clang-tidy stderr -------------------------")
        print(err.rstrip("\n"))
    if args.expect_clang_tidy_error and rc == 0:
        fail(step, "clang-tidy exited 0, an error was expected", tidy_cmd, out + err)
    if not args.expect_clang_tidy_error and rc != 0:
        fail(step, f"clang-tidy exited {rc}", tidy_cmd, out + err)
    fixed = read(temp)
    diff = unified_diff(blanked, fixed, os.path.basename(temp))
    print("------------------------------ fixes -------------------------------")
    print(diff.rstrip("\n") if diff else "(none)")
    print("--------------------------------------------------------------------")

    # Step 3: warnings and errors.
    step = "messages"
    msg_file = temp + ".msg"
    write(msg_file, out)
    if found["MESSAGES"]:
        cmd = [filecheck, f"-input-file={msg_file}", args.input,
               "-check-prefixes=" + ",".join(found["MESSAGES"]),
               "-implicit-check-not={{warning|error}}:"]
        rc, fc_out, fc_err = run(step, cmd)
        if rc != 0:
            fail(step, "clang-tidy's diagnostics do not match the CHECK-MESSAGES lines", cmd,
                 fc_out + fc_err)
    elif not found["NOTES"]:
        unexpected = [l for l in out.splitlines() if re.search(r"\b(warning|error):", l)]
        if unexpected:
            fail(step, "the input has no CHECK-MESSAGES lines, so clang-tidy must not warn; "
                       "it printed:", tidy_cmd, "\n".join(unexpected))

    # Step 4: notes.
    step = "notes"
    if found["NOTES"]:
        notes_file = temp + ".notes"
        write(notes_file, "\n".join(l for l in out.splitlines() if FIXIT_NOTE not in l) + "\n")
        implicit = "{{note}}:" if found["MESSAGES"] else "{{note|warning|error}}:"
        cmd = [filecheck, f"-input-file={notes_file}", args.input,
               "-check-prefixes=" + ",".join(found["NOTES"]), f"-implicit-check-not={implicit}"]
        rc, fc_out, fc_err = run(step, cmd)
        if rc != 0:
            fail(step, "clang-tidy's notes do not match the CHECK-NOTES lines", cmd,
                 fc_out + fc_err)

    if args.expect_clang_tidy_error:
        return 0

    # Step 5: the fixed file.
    step = "fixes"
    if found["FIXES"]:
        cmd = [filecheck, f"-input-file={temp}", args.input,
               "-check-prefixes=" + ",".join(found["FIXES"]), "-strict-whitespace"]
        rc, fc_out, fc_err = run(step, cmd)
        if rc != 0:
            fail(step, "the fixed file does not match the CHECK-FIXES lines", cmd,
                 fc_out + fc_err + "\n--- diff of the fixes ---\n" + diff)

    # Step 6.
    step = "no-fixes"
    if args.expect_no_fixes and fixed != blanked:
        fail(step, "--expect-no-fixes was given but clang-tidy changed the file", tidy_cmd, diff)

    if fixed == blanked:
        return 0

    # Step 7: the fixed file still compiles.
    step = "compile"
    before, after = extra_compiler_args(args.tidy_args)
    cmd = [clang, "-fsyntax-only", "-x", lang] + before + args.cc_args + after + [temp]
    rc, cc_out, cc_err = run(step, cmd)
    if rc != 0:
        fail(step, "the fixed file does not compile", cmd,
             cc_out + cc_err + "\n--- diff of the fixes ---\n" + diff)

    # Step 8: a second run changes nothing.
    step = "idempotent"
    shutil.copyfile(temp, temp + ".fixed")
    rc, out2, err2 = run(step, tidy_cmd)
    if rc != 0:
        fail(step, f"the second clang-tidy run exited {rc}", tidy_cmd, out2 + err2)
    again = read(temp)
    if again != fixed:
        fail(step, "a second clang-tidy -fix run changed the fixed file", tidy_cmd,
             unified_diff(fixed, again, os.path.basename(temp)) + "\n--- clang-tidy ---\n"
             + out2)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except StepFailure as e:
        print(e, file=sys.stderr)
        sys.exit(1)
