#!/usr/bin/env python3
"""A stand-in for clang-tidy that the harness self-tests use to reach the steps a stock
check cannot break: its -fix "fixes" are wrong on purpose.

  fake-tidy.py --mode=MODE FILE [clang-tidy options] -- [compiler args]

  breaks-compile  appends a line that is not C: the harness must fail at 'compile'.
  not-idempotent  appends a comment line on every run: the harness must fail at
                  'idempotent'.
"""
import sys

args = sys.argv[1:]
mode = next(a.split("=", 1)[1] for a in args if a.startswith("--mode="))
options = args[: args.index("--")] if "--" in args else args
source = next(a for a in options if not a.startswith("-"))
if "-fix" in options:
    with open(source, "a") as f:
        if mode == "breaks-compile":
            f.write("this is not C;\n")
        elif mode == "not-idempotent":
            f.write("// one more line\n")
        else:
            sys.exit(f"fake-tidy.py: unknown mode {mode}")
