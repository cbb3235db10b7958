#!/usr/bin/env python3
"""Precision and recall of the copyintent checks on the labelled corpus.

  corpus_score.py [options] [PATH...]

PATH: corpus files (.c, .cpp) or directories searched for them (Inputs/ directories
are skipped); default: test/checker/corpus of this source tree. Mismatches are named
relative to the corpus root (the one directory given, else the common directory).

Each corpus file
- names its compiler arguments in a comment within its first 30 lines:
      // CORPUS-FLAGS: -ffreestanding -nostdinc -std=gnu11 -I%S/../../Inputs/kernel
  (%S is the file's directory; the line may repeat, the arguments add up), and may add
  clang-tidy arguments with "// CORPUS-TIDY-ARGS: ..." (same rules), and check
  options with "// CORPUS-CHECK-OPTIONS: name=value ..." (copyintent-<check>.Option
  or a shared option; merged with FactsFile into the one --config of the run, so a
  file cannot give its own --config in CORPUS-TIDY-ARGS);
- labels every copy call site on the line where the call starts (the line clang-tidy
  reports) with
      /* LABEL: id=<name> expect=<check>[,<check>...]|none class=<class> reason="..." */
  id is unique in the file; expect is the verdict a kernel / PMDK maintainer gives
  (not what the tool does today); class is one of CLASSES below.

Steps: the plugin must load and list its checks; every file must compile
(clang -fsyntax-only with its flags); clang-tidy runs with
-checks=-*,copyintent-*,-copyintent-classify on each file; each copyintent warning is
matched to the label on its line. Per check: TP (expected and reported), FP (reported,
not expected), FN (expected, not reported), precision TP/(TP+FP), recall TP/(TP+FN);
then every mismatching site (file:line, id, expected, got, class, label reason) and
the number of mismatches per class.

Options
  --clang-tidy CMD        clang-tidy to run (default /usr/lib/llvm-22/bin/clang-tidy),
                          split like a shell word list: "clang-tidy --load=X.so" works
                          (lit: --clang-tidy "%clang_tidy").
  --load PLUGIN           passed as --load=PLUGIN (repeatable). Without --load here or in
                          --clang-tidy: <source tree>/build/lib/CopyIntentTidy.so.
  --clang PATH            compiler of the compile check (default: clang beside
                          clang-tidy, else clang-22).
  --expected FILE         compare the mismatches with a reviewed file; exit 1 and print
                          the difference if they differ.
  --write-expected FILE   write the current mismatches in that format (the comment
                          header and the justifications of entries already in FILE are
                          kept, new ones say TODO).
  -j N, --jobs N          files analysed in parallel (default: the CPU count).
  --copyintent PATH       cross-TU facts first: the copyintent command makes the facts
                          of every corpus file (scan --facts-only over a compile database
                          of their flags), and clang-tidy reads them (FactsFile option).

Reviewed-file format: one mismatch a line,
      <file>:<line> id=<id> expected=<checks|none> got=<checks|none> # <justification>
'#' lines and blank lines are comments. Every entry needs a justification (not TODO).
Entries are compared on file, line, id, expected and got.

Exit status: 0 done (and equal to --expected); 1 the mismatches differ from
--expected; 2 bad input: missing plugin or tool, a file that does not compile, a
missing or malformed label or flags line, an unknown check id or class, a duplicate
id, a warning on a line without a label, a malformed or unreviewed expected file.
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(TOP, "test", "checker", "corpus")
DEFAULT_TIDY = "/usr/lib/llvm-22/bin/clang-tidy"
DEFAULT_PLUGIN = os.path.join(TOP, "build", "lib", "CopyIntentTidy.so")
CHECKS_GLOB = "-*,copyintent-*,-copyintent-classify"
OFF_CHECKS = {"copyintent-classify"}  # audit check, not part of the scored set

# The classes of issue 9 (and the corpus's other groups); a label names one.
CLASSES = {
    "direct": "destination provenance the checker is expected to follow inside one "
              "function or through a struct field (baseline)",
    "seed": "the call sites of the December 2016 LKML thread",
    "c1-interprocedural": "issue 9 class 1: destination known only through a function "
                          "boundary in the TU (parameter, return value, field, global, "
                          "callback)",
    "c1-cross-tu": "issue 9 class 1: destination known only from another translation "
                   "unit (needs the facts mode)",
    "c2-int-to-user": "issue 9 class 2: (void __user *) cast of an integer or of a "
                      "kernel pointer",
    "c2-user-to-io": "issue 9 class 2: user copy into an io mapping (WC aperture, "
                     "ioremap'd or vmap'd zone), deliberate; quiet by default",
    "c3-ordinary-memory": "issue 9 class 3: ordinary memory that is not an allocator "
                          "call (stack, VLA, alloca, static, anonymous mmap, kv/vmalloc, "
                          "pages, typedef / macro, C++ containers)",
    "c4-usage-evidence": "issue 9 class 4: the class comes from what the code does "
                         "with the pointer (persist / flush / MMIO accessor)",
    "c5-batching": "issue 9 class 5: copies without write-back followed by one "
                   "covering persist (or a missing / late one)",
    "ordering": "issue 11: a store that publishes persistent-memory data (a flag, a "
                "length, an index, a pointer) before the data is persistent, or a "
                "look-alike that must stay quiet",
    "neg-networking": "negative: networking nocache users (cache avoidance only)",
    "neg-wc-framebuffer": "negative: write-combining framebuffers and apertures",
    "neg-ioctl": "negative: ioctl / syscall copies from and to user space",
}

LABEL = re.compile(r"/\*\s*LABEL:(?P<body>.*?)\*/")
LABEL_WORD = re.compile(r"\bLABEL:")
FIELD = re.compile(r'\s*(?P<key>[a-z]+)=(?P<value>"(?:[^"\\]|\\.)*"|[^\s"]+)')
DIAG = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<kind>warning|error|fatal error): "
    r"(?P<text>.*?)(?: \[(?P<check>[^\]]+)\])?$")
EXPECTED_LINE = re.compile(
    r"^(?P<file>\S+):(?P<line>\d+) id=(?P<id>\S+) expected=(?P<expected>\S+) "
    r"got=(?P<got>\S+)(?:\s+#\s*(?P<why>.*))?$")


class BadInput(Exception):
    pass


def fmt_set(s):
    return ",".join(sorted(s)) if s else "none"


def ratio(num, den):
    return f"{num / den:.3f}" if den else "n/a"


def run(cmd, timeout=600):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=timeout)
    except FileNotFoundError:
        raise BadInput(f"cannot run '{cmd[0]}': not found")
    except subprocess.TimeoutExpired:
        raise BadInput(f"timed out: {' '.join(map(shlex.quote, cmd))}")
    return p.returncode, p.stdout


# ---- inputs ---------------------------------------------------------------------------

def find_files(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirnames, names in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if d != "Inputs")
                files += [os.path.join(dirpath, n) for n in sorted(names)
                          if os.path.splitext(n)[1] in (".c", ".cpp")]
        elif os.path.isfile(p):
            files.append(p)
        else:
            raise BadInput(f"{p}: no such file or directory")
    if not files:
        raise BadInput("no corpus files (.c, .cpp) found in " + " ".join(paths))
    return [os.path.abspath(f) for f in files]


def parse_file(path, known_checks):
    """(flags, tidy_args, {line: label}) of one corpus file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    here = os.path.dirname(path)
    flags, tidy_args, options = None, [], {}
    for text in lines[:30]:
        for key, dest in (("CORPUS-FLAGS:", "flags"), ("CORPUS-TIDY-ARGS:", "tidy"),
                          ("CORPUS-CHECK-OPTIONS:", "options")):
            i = text.find(key)
            if i < 0:
                continue
            words = shlex.split(text[i + len(key):].replace("%S", here))
            if dest == "flags":
                flags = (flags or []) + words
            elif dest == "tidy":
                tidy_args += words
            else:
                for w in words:
                    name, eq, value = w.partition("=")
                    if not eq or not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or not value:
                        raise BadInput(f"{path}: malformed CORPUS-CHECK-OPTIONS entry '{w}' "
                                       "(expected name=value)")
                    options[name] = value
    if flags is None:
        raise BadInput(f"{path}: no '// CORPUS-FLAGS: ...' line in the first 30 lines")
    if any(a.startswith(("--config", "-config")) for a in tidy_args):
        raise BadInput(f"{path}: give check options with CORPUS-CHECK-OPTIONS, not a "
                       "--config in CORPUS-TIDY-ARGS (the run's one --config carries them "
                       "and the facts)")

    labels, ids = {}, {}
    for n, text in enumerate(lines, 1):
        if not LABEL_WORD.search(text):
            continue
        found = list(LABEL.finditer(text))
        if len(found) != 1:
            raise BadInput(f"{path}:{n}: expected one '/* LABEL: ... */' comment on the line")
        body = found[0].group("body").strip()
        fields, pos = {}, 0
        while pos < len(body):
            m = FIELD.match(body, pos)
            if not m:
                raise BadInput(f"{path}:{n}: malformed label near '{body[pos:pos + 30]}'")
            key, value = m.group("key"), m.group("value")
            if key in fields:
                raise BadInput(f"{path}:{n}: label field '{key}' given twice")
            if value.startswith('"'):
                value = value[1:-1].replace('\\"', '"')
            fields[key] = value
            pos = m.end()
            while pos < len(body) and body[pos].isspace():
                pos += 1
        unknown = set(fields) - {"id", "expect", "class", "reason"}
        if unknown:
            raise BadInput(f"{path}:{n}: unknown label field(s): {', '.join(sorted(unknown))}")
        for key in ("id", "expect", "class", "reason"):
            if not fields.get(key):
                raise BadInput(f"{path}:{n}: the label has no {key}=")
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", fields["id"]):
            raise BadInput(f"{path}:{n}: id '{fields['id']}' must be [A-Za-z0-9_.-]+")
        if fields["id"] in ids:
            raise BadInput(f"{path}:{n}: id '{fields['id']}' already used on line {ids[fields['id']]}")
        ids[fields["id"]] = n
        if fields["class"] not in CLASSES:
            raise BadInput(f"{path}:{n}: unknown class '{fields['class']}' (known: "
                           f"{', '.join(CLASSES)})")
        if fields["expect"] == "none":
            expect = set()
        else:
            expect = set(fields["expect"].split(","))
            bad = sorted(c for c in expect if c not in known_checks)
            if bad:
                raise BadInput(f"{path}:{n}: unknown check id(s) in expect=: {', '.join(bad)} "
                               f"(known: {', '.join(sorted(known_checks))}, or none)")
        labels[n] = {"id": fields["id"], "expect": expect, "class": fields["class"],
                     "reason": fields["reason"]}
    return flags, tidy_args + [check_config(options)], labels


def check_config(options, facts=None):
    """The one --config of a clang-tidy run: the file's options and the facts."""
    entries = dict(options)
    if facts:
        entries["FactsFile"] = facts
    return "--config={CheckOptions: {%s}}" % ", ".join(
        f"{k}: '{v}'" for k, v in sorted(entries.items()))


# ---- tools ----------------------------------------------------------------------------

def tidy_command(args):
    words = shlex.split(args.clang_tidy)
    if not words:
        raise BadInput("--clang-tidy is empty")
    loads = [w.split("=", 1)[1] for w in words if re.match(r"^--?load=", w)]
    loads += [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("--load", "-load")]
    extra = args.load or ([] if loads else [DEFAULT_PLUGIN])
    for plugin in loads + extra:
        if not os.path.isfile(plugin):
            raise BadInput(f"plugin not found: {plugin} (build it, or pass --load / "
                           f"--clang-tidy \"clang-tidy --load=...\")")
    return words + [f"--load={p}" for p in extra]


def list_checks(tidy):
    rc, out = run(tidy + ["-checks=-*,copyintent-*", "--list-checks"])
    checks = set(re.findall(r"^\s+(copyintent-[a-z0-9-]+)\s*$", out, re.M))
    if rc != 0 or not checks:
        raise BadInput("the plugin did not load or lists no copyintent check:\n" + out)
    return checks


def compile_check(clang, path, flags):
    lang = ["-x", "c++"] if path.endswith(".cpp") else ["-x", "c"]
    rc, out = run([clang, "-fsyntax-only"] + lang + flags + [path])
    if rc != 0:
        raise BadInput(f"{path} does not compile:\n  {clang} -fsyntax-only "
                       f"{' '.join(lang + flags)} {path}\n{out}")


def make_facts(copyintent, files, parsed, tmp):
    """The facts of all corpus files, as copyintent scan --facts-only makes them."""
    import json
    db = [{"directory": os.path.dirname(f), "file": f,
           "arguments": ["clang", "-fsyntax-only"] + parsed[f][0] + [f]} for f in files]
    with open(os.path.join(tmp, "compile_commands.json"), "w") as out:
        json.dump(db, out)
    facts = os.path.join(tmp, "facts.json")
    rc, out = run([copyintent, "scan", "-p", tmp, "--facts-only", "--whole-program", "--no-cache", "--quiet",
                   "-o", facts])
    if rc != 0:
        raise BadInput(f"copyintent scan --facts-only failed:\n{out}")
    return facts


def tidy_warnings(tidy, path, flags, tidy_args, facts=None):
    # parse_file put the file's --config last; the facts join its options.
    *tidy_args, config = tidy_args
    if facts:
        options = dict(re.findall(r"([A-Za-z0-9_.-]+): '([^']*)'", config))
        config = check_config(options, facts)
    cmd = tidy + [f"-checks={CHECKS_GLOB}", "--header-filter=^$", "--quiet", config] + \
        tidy_args + [path, "--"] + flags
    rc, out = run(cmd)
    real = os.path.realpath(path)
    found, errors = {}, []
    for text in out.splitlines():
        m = DIAG.match(text)
        if not m:
            continue
        if m.group("kind") != "warning":
            errors.append(text)
            continue
        check = m.group("check") or ""
        if not check.startswith("copyintent-"):
            continue
        if os.path.realpath(m.group("file")) != real:
            errors.append(f"{text}\n  (a copyintent warning outside the corpus file)")
            continue
        found.setdefault(int(m.group("line")), set()).add(check)
    if rc != 0 or errors:
        raise BadInput(f"clang-tidy failed on {path} (exit {rc}):\n  "
                       f"{' '.join(map(shlex.quote, cmd))}\n" + "\n".join(errors or [out]))
    return found


# ---- expected file --------------------------------------------------------------------

def read_expected(path, require_reviewed=True):
    entries = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise BadInput(f"cannot read the expected file {path}: {e.strerror}")
    for n, text in enumerate(lines, 1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        m = EXPECTED_LINE.match(text.strip())
        if not m:
            raise BadInput(f"{path}:{n}: malformed entry (want '<file>:<line> id=<id> "
                           f"expected=<checks> got=<checks> # <justification>')")
        why = (m.group("why") or "").strip()
        if require_reviewed and (not why or why.startswith("TODO")):
            raise BadInput(f"{path}:{n}: the entry has no reviewed justification")
        key = (m.group("file"), int(m.group("line")), m.group("id"), m.group("expected"),
               m.group("got"))
        if key in entries:
            raise BadInput(f"{path}:{n}: duplicate entry")
        entries[key] = why
    return entries


def entry_text(key, why):
    f, line, ident, expected, got = key
    return f"{f}:{line} id={ident} expected={expected} got={got} # {why}"


# ---- main -----------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[4:]))
    ap.add_argument("paths", nargs="*", metavar="PATH",
                    help="corpus files or directories (default: test/checker/corpus)")
    ap.add_argument("--clang-tidy", metavar="CMD", default=DEFAULT_TIDY,
                    help="clang-tidy command, split like a shell word list")
    ap.add_argument("--load", metavar="PLUGIN", action="append", default=[],
                    help="plugin to load (repeatable)")
    ap.add_argument("--clang", metavar="PATH", help="compiler of the compile check")
    ap.add_argument("--expected", metavar="FILE", help="reviewed mismatches to compare with")
    ap.add_argument("--write-expected", metavar="FILE",
                    help="write the current mismatches to FILE")
    ap.add_argument("--copyintent", metavar="PATH",
                    help="make cross-TU facts with this copyintent command first")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="files analysed in parallel (default: the CPU count)")
    args = ap.parse_args()

    paths = args.paths or [DEFAULT_CORPUS]
    files = find_files(paths)
    if len(paths) == 1 and os.path.isdir(paths[0]):
        root = os.path.abspath(paths[0])
    else:
        root = os.path.commonpath([os.path.dirname(f) for f in files])

    tidy = tidy_command(args)
    clang = args.clang
    if not clang:
        beside = os.path.join(os.path.dirname(tidy[0]), "clang")
        clang = beside if os.path.dirname(tidy[0]) and os.path.isfile(beside) else "clang-22"
    scored_checks = sorted(list_checks(tidy) - OFF_CHECKS)
    expected = read_expected(args.expected) if args.expected else None

    parsed = {f: parse_file(f, set(scored_checks)) for f in files}
    import tempfile
    tmp = tempfile.TemporaryDirectory()
    facts = make_facts(args.copyintent, files, parsed, tmp.name) if args.copyintent else None

    def one(f):
        flags, tidy_args, _ = parsed[f]
        compile_check(clang, f, flags)
        return tidy_warnings(tidy, f, flags, tidy_args, facts)

    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        got = dict(zip(files, pool.map(one, files)))

    stats = {c: {"TP": 0, "FP": 0, "FN": 0} for c in scored_checks}
    mismatches = []  # (key, label, reason)
    unlabelled = []
    n_sites = n_positive = 0
    for f in files:
        rel = os.path.relpath(f, root)
        labels = parsed[f][2]
        for line in sorted(set(got[f]) - set(labels)):
            unlabelled.append(f"{rel}:{line}: {fmt_set(got[f][line])}")
        for line, label in sorted(labels.items()):
            n_sites += 1
            n_positive += bool(label["expect"])
            exp, rep = label["expect"], got[f].get(line, set())
            for c in scored_checks:
                if c in exp and c in rep:
                    stats[c]["TP"] += 1
                elif c in rep:
                    stats[c]["FP"] += 1
                elif c in exp:
                    stats[c]["FN"] += 1
            if exp != rep:
                mismatches.append(((rel, line, label["id"], fmt_set(exp), fmt_set(rep)), label))
    if unlabelled:
        raise BadInput("warnings on lines without a label (label every copy call site):\n  "
                       + "\n  ".join(unlabelled))

    print(f"corpus: {n_sites} labelled sites in {len(files)} files ({n_positive} expect a "
          f"finding, {n_sites - n_positive} expect none)")
    width = max(len(c) for c in scored_checks)
    total = {"TP": 0, "FP": 0, "FN": 0}
    for c in scored_checks:
        s = stats[c]
        for k in total:
            total[k] += s[k]
        print(f"{c + ':':<{width + 1}} TP={s['TP']:<3} FP={s['FP']:<3} FN={s['FN']:<3} "
              f"precision={ratio(s['TP'], s['TP'] + s['FP'])} "
              f"recall={ratio(s['TP'], s['TP'] + s['FN'])}")
    print(f"{'all checks:':<{width + 1}} TP={total['TP']:<3} FP={total['FP']:<3} "
          f"FN={total['FN']:<3} precision={ratio(total['TP'], total['TP'] + total['FP'])} "
          f"recall={ratio(total['TP'], total['TP'] + total['FN'])}")

    print(f"mismatches: {len(mismatches)}")
    for key, label in mismatches:
        f, line, ident, exp, rep = key
        print(f"  {f}:{line} id={ident} expected={exp} got={rep} class={label['class']} "
              f"reason=\"{label['reason']}\"")
    by_class = {}
    for _, label in mismatches:
        by_class[label["class"]] = by_class.get(label["class"], 0) + 1
    print("mismatches by class:" + ("" if by_class else " none"))
    for cls in CLASSES:
        if cls in by_class:
            print(f"  {cls}: {by_class[cls]}")

    status = 0
    current = {key for key, _ in mismatches}
    if expected is not None:
        added = sorted(current - set(expected))
        gone = sorted(set(expected) - current)
        if added or gone:
            status = 1
            print(f"MISMATCHES DIFFER from {args.expected}:")
            moved = {(k[0], k[2], k[3], k[4]): k for k in gone}
            for key in gone:
                print(f"  - {entry_text(key, expected[key])}")
            for key in added:
                old_key = moved.get((key[0], key[2], key[3], key[4]))
                why = (f"{expected[old_key]} (moved from line {old_key[1]})" if old_key
                       else "new: review and justify")
                print(f"  + {entry_text(key, why)}")
            print("  (- reviewed, not seen now; + seen now, not reviewed. Update the checker "
                  "or the reviewed file; --write-expected writes the current list.)")
        else:
            print(f"mismatches: same as {os.path.basename(args.expected)} "
                  f"({len(expected)} reviewed)")

    if args.write_expected:
        old, header = {}, []
        if os.path.exists(args.write_expected):
            old_entries = read_expected(args.write_expected, require_reviewed=False)
            old = {(k[0], k[2], k[3], k[4]): why for k, why in old_entries.items()}
            with open(args.write_expected, encoding="utf-8") as f:
                for text in f.read().splitlines():
                    if text.strip() and not text.lstrip().startswith("#"):
                        break
                    header.append(text)
        if not any(h.strip() for h in header):
            header = ["# Reviewed mismatches of the checker corpus (scripts/corpus_score.py):",
                      "# <file>:<line> id=<id> expected=<true verdict> got=<reported> "
                      "# <justification>", ""]
        with open(args.write_expected, "w", encoding="utf-8") as out:
            out.write("\n".join(header) + "\n")
            for key, label in mismatches:
                why = old.get((key[0], key[2], key[3], key[4])) or \
                    f"TODO: justify ({label['class']})"
                out.write(entry_text(key, why) + "\n")
        print(f"wrote {len(mismatches)} mismatches to {args.write_expected}")
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BadInput as e:
        print(f"corpus_score.py: error: {e}", file=sys.stderr)
        sys.exit(2)
