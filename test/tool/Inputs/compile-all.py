#!/usr/bin/env python3
"""Compiles every TU of a compile database (-fsyntax-only, with the given clang):
after --apply, each patched TU must still compile. Usage: compile-all.py DIR CLANG [ARGS]"""
import json
import os
import shlex
import subprocess
import sys

root, clang = sys.argv[1], sys.argv[2:]
failed = 0
with open(os.path.join(root, "compile_commands.json")) as f:
    entries = json.load(f)
for e in entries:
    args = e.get("arguments") or shlex.split(e["command"])
    # The compiler named by the database is replaced by ours; outputs are dropped.
    rest, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
        elif a == "-o":
            skip = True
        elif a != "-c":
            rest.append(a)
    r = subprocess.run(clang + ["-fsyntax-only"] + rest, cwd=e["directory"])
    failed += r.returncode != 0
print(f"{len(entries) - failed} of {len(entries)} TUs compile")
sys.exit(1 if failed else 0)
