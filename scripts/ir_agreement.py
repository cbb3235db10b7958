#!/usr/bin/env python3
"""Does the IR analysis see the copy sites of the labelled corpus as the checker does?

  ir_agreement.py [--expected FILE] [--write-expected FILE] [-O LEVEL] [--frontend]
                  [-p COMPILE_DB] [PATH...]

For each corpus file (the checker's precision/recall corpus, test/checker/corpus by
default; its CORPUS-FLAGS lines give the compiler arguments), the checker's
copyintent-classify says, per copy call site, what kind of memory the destination is;
the pass plugin's print<copyintent-sites> says it from the file's IR (clang -O0 -g by
default, -O to change it; --frontend makes it with clang -fplugin, which carries what only
the source shows into the IR). Sites are matched by file, line and callee. Printed: how many
sites both see, how many get the same kind, the same for the sites where the checker is
certain (a known kind on every path), then every disagreement and every site only one
side sees.

--expected FILE compares that list with a reviewed file (one entry a line, each with its
cause after '#'); exit 1 when they differ. --write-expected FILE writes the current list
(keeping the causes of entries already there; new ones say TODO).

Exit status: 0 done (and equal to --expected), 1 differs from --expected, 2 bad input
(a tool missing, a file that does not compile, a malformed expected file).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_score  # noqa: E402  (the corpus's flags and files, one parser)

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = "/usr/lib/llvm-22/bin"
TIDY_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):\d+: warning: (?P<callee>[\w:]+): "
                       r".* into (?P<kind>[a-zA-Z ]+?)(?P<some> \(on some paths\))? "
                       r"\[copyintent-classify\]$")
IR_LINE = re.compile(r"^(?P<file>[^:\n ]+):(?P<line>\d+):\d+: (?P<callee>[\w:]+): .* into "
                     r"(?P<kind>[a-zA-Z ]+?)(?P<some> \(on some paths\))?$")


class AnyCheck:
    """Every check id is known here: the labels' verdicts are not what is compared."""

    def __contains__(self, item):
        return True


def run(cmd, cwd=None):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          cwd=cwd)


def database(path):
    """(directory of the database, {absolute file: (cwd, flags)}) of a compile database:
    each file's command without the compiler, the file, -c, -o and dependency output."""
    db_path = os.path.join(path, "compile_commands.json") if os.path.isdir(path) else path
    try:
        with open(db_path, encoding="utf-8") as f:
            entries = json.load(f)
        out = {}
        for e in entries:
            cwd = e["directory"]
            f = os.path.normpath(os.path.join(cwd, e["file"]))
            argv = e.get("arguments") or shlex.split(e["command"])
            flags, skip = [], False
            for x in argv[1:]:
                if skip:
                    skip = False
                elif x in ("-o", "-MF", "-MT", "-MQ"):
                    skip = True
                elif x not in ("-c", "-MD", "-MMD") and not x.startswith("-Wp,-M") and \
                        os.path.normpath(os.path.join(cwd, x)) != f:
                    flags.append(x)
            out[f] = (cwd, flags)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise corpus_score.BadInput(f"{db_path}: not a readable compile database: {e}")
    return os.path.dirname(os.path.abspath(db_path)), out


def checker_sites(tidy, plugin, path, flags, db_dir=None):
    # With a compile database clang-tidy reads the file's command from it.
    tail = ["-p", db_dir] if db_dir else ["--"] + flags
    p = run([tidy, "--load=" + plugin, "-checks=-*,copyintent-classify",
             "--header-filter=^$", "--quiet", path] + tail)
    out = {}
    for text in p.stdout.splitlines():
        m = TIDY_LINE.match(text)
        if not m:
            continue
        where = os.path.join(db_dir or ".", m["file"])  # absolute names stay as they are
        if os.path.exists(where) and os.path.samefile(where, path):
            # __builtin_memcpy is the memcpy intrinsic in IR.
            callee = m["callee"].removeprefix("__builtin_")
            out[(int(m["line"]), callee)] = (m["kind"], bool(m["some"]))
    return out


def ir_sites(plugin, path, flags, opt_level, frontend, cwd=None):
    # With the frontend: clang -fplugin carries what only the source shows (the flag
    # macros of mapping calls) into the IR; no checks, and the calls stay calls.
    extra = ["-fplugin=" + plugin, "-fplugin-arg-copyintent-checks=-*",
             "-mllvm", "-copyintent-inline=never"] if frontend else []
    with tempfile.TemporaryDirectory() as tmp:
        ll = os.path.join(tmp, "f.ll")
        # A database's command keeps its own optimisation level.
        level = [f"-O{opt_level}"] if opt_level else []
        c = run([os.path.join(TOOLS, "clang")] + level + ["-g", "-S", "-emit-llvm",
                "-o", ll, path] + flags + extra, cwd=cwd)
        if c.returncode:
            raise corpus_score.BadInput(f"{path} does not compile:\n{c.stdout}")
        p = run([os.path.join(TOOLS, "opt"), "-load-pass-plugin=" + plugin,
                 "-passes=print<copyintent-sites>", "-disable-output", ll])
        if p.returncode:
            raise corpus_score.BadInput(f"opt failed on {path}:\n{p.stdout}")
    out = {}
    base = os.path.basename(path)
    for text in p.stdout.splitlines():
        m = IR_LINE.match(text)
        if m and os.path.basename(m["file"]) == base:
            out[(int(m["line"]), m["callee"])] = (m["kind"], bool(m["some"]))
    return out


def read_expected(path, lenient=False):
    """{entry: cause}; lenient (for --write-expected): causes may still say TODO."""
    entries = {}
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            text = text.rstrip("\n")
            if not text.strip() or text.startswith("#"):
                continue
            entry, sep, cause = text.partition(" # ")
            if not lenient and (not sep or not cause.strip() or cause.strip() == "TODO"):
                raise corpus_score.BadInput(f"{path}:{n}: entry without a cause: {text}")
            entries[entry.strip()] = cause.strip()
    return entries


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--plugin", default=os.path.join(TOP, "build", "lib", "CopyIntent.so"))
    ap.add_argument("--tidy-plugin",
                    default=os.path.join(TOP, "build", "lib", "CopyIntentTidy.so"))
    ap.add_argument("-O", dest="opt_level", choices=["0", "1", "2", "3", "s"],
                    help="the IR's optimisation level (default: 0; with -p, the "
                    "database's)")
    ap.add_argument("-p", dest="database", metavar="DB",
                    help="a compile database (or its directory): the files' commands come "
                    "from it, and PATHs name its files (default: all of them)")
    ap.add_argument("--frontend", action="store_true",
                    help="make the IR with clang -fplugin, which carries the flag macros "
                    "of mapping calls into it")
    ap.add_argument("--expected")
    ap.add_argument("--write-expected")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    try:
        for p in (args.plugin, args.tidy_plugin):
            if not os.path.exists(p):
                raise corpus_score.BadInput(f"no plugin at {p} (build first)")
        if args.database:
            db_dir, commands = database(args.database)
            files = [os.path.normpath(os.path.join(db_dir, p)) for p in args.paths] \
                if args.paths else sorted(commands)
            for f in files:
                if f not in commands:
                    raise corpus_score.BadInput(f"{f}: not in the compile database")
            root = db_dir
        else:
            args.opt_level = args.opt_level or "0"
            paths = args.paths or [os.path.join(TOP, "test", "checker", "corpus")]
            files = corpus_score.find_files(paths)
            root = paths[0] if len(paths) == 1 and os.path.isdir(paths[0]) else \
                os.path.commonpath([os.path.dirname(f) for f in files])
        tidy = os.path.join(TOOLS, "clang-tidy")

        def one(f):
            if args.database:
                cwd, flags = commands[f]
                return (checker_sites(tidy, args.tidy_plugin, f, flags, db_dir),
                        ir_sites(args.plugin, f, flags, args.opt_level, args.frontend, cwd))
            flags = corpus_score.parse_file(f, AnyCheck())[0]
            return (checker_sites(tidy, args.tidy_plugin, f, flags),
                    ir_sites(args.plugin, f, flags, args.opt_level, args.frontend))

        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            results = dict(zip(files, pool.map(one, files)))
        both = same = certain = certain_same = 0
        listed = []
        for f in files:
            rel = os.path.relpath(f, root)
            chk, ir = results[f]
            for key in sorted(set(chk) | set(ir)):
                line, callee = key
                if key not in ir:
                    listed.append(f"{rel}:{line} {callee}: checker {fmt(chk[key])}, IR no site")
                    continue
                if key not in chk:
                    listed.append(f"{rel}:{line} {callee}: checker no site, IR {fmt(ir[key])}")
                    continue
                both += 1
                is_certain = chk[key][0] != "unknown memory" and not chk[key][1]
                certain += is_certain
                if chk[key][0] == ir[key][0]:
                    same += 1
                    certain_same += is_certain
                else:
                    listed.append(f"{rel}:{line} {callee}: checker {fmt(chk[key])}, "
                                  f"IR {fmt(ir[key])}")
        how = (f"-O{args.opt_level}" if args.opt_level else "the database's commands") + \
            (", clang -fplugin" if args.frontend else "")
        print(f"sites both see: {both} in {len(files)} files (IR at {how})")
        print(f"same kind: {same} of {both} ({pct(same, both)})")
        print(f"same kind where the checker is certain: {certain_same} of {certain} "
              f"({pct(certain_same, certain)})")
        print(f"listed (different kind, or one side only): {len(listed)}")
        for entry in listed:
            print("  " + entry)
        if args.write_expected:
            old = read_expected(args.write_expected, lenient=True) \
                if os.path.exists(args.write_expected) else {}
            with open(args.write_expected, "w", encoding="utf-8") as out:
                out.write(f"# scripts/ir_agreement.py {'-O ' + args.opt_level if args.opt_level else '-p DB'}"
                          f"{' --frontend' if args.frontend else ''} over the corpus: every "
                          "copy call site where the\n# IR analysis (print<copyintent-sites>) "
                          "and the checker (copyintent-classify) differ,\n# or that only one "
                          "of them sees, each with its cause. test/sites/agreement.test holds\n"
                          "# the run to this list.\n")
                for entry in listed:
                    out.write(f"{entry} # {old.get(entry, 'TODO')}\n")
        if args.expected:
            expected = read_expected(args.expected)
            gone = sorted(set(expected) - set(listed))
            new = sorted(set(listed) - set(expected))
            if gone or new:
                print(f"DIFFERS from {args.expected}:")
                for e in gone:
                    print(f"  - {e}")
                for e in new:
                    print(f"  + {e}")
                return 1
            print(f"listed: same as {args.expected} ({len(expected)} reviewed)")
        return 0
    except corpus_score.BadInput as e:
        print(f"ir_agreement.py: error: {e}", file=sys.stderr)
        return 2


def fmt(kind):
    return kind[0] + (" (on some paths)" if kind[1] else "")


def pct(a, b):
    return f"{100.0 * a / b:.1f}%" if b else "n/a"


if __name__ == "__main__":
    sys.exit(main())
