#!/usr/bin/env python3
"""Validates SARIF files with the SARIF Multitool (npm @microsoft/sarif-multitool,
installed by scripts/setup.sh) and fails on any error or warning it reports.

The Multitool's own exit status says only whether it ran (0 even for invalid files),
so this reads its output log. Its rule SARIF2006 fetches every URI in the file; it is
turned off (tests run without a network). It also checks no enum values beyond
"version", so the levels and kinds copyintent writes are checked here.

Usage: sarif_validate.py FILE.sarif...
"""
import json
import os
import subprocess
import sys
import tempfile

PREFIX = os.environ.get("COPYINTENT_NPM_PREFIX", "/opt/copyintent/npm")
TOOL = os.path.join(PREFIX, "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
NO_NETWORK = """<Properties><Properties Key="SARIF2006.UrisShouldBeReachable.Options">
<Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState"/>
</Properties></Properties>"""
LEVELS = {"none", "note", "warning", "error"}


def own_checks(path):
    """What the Multitool does not check: enum values copyintent writes."""
    problems = []
    with open(path) as f:
        log = json.load(f)
    for run in log.get("runs", []):
        rules = run["tool"]["driver"].get("rules", [])
        for i, r in enumerate(run.get("results", [])):
            if "level" in r and r["level"] not in LEVELS:
                problems.append(f"results[{i}].level is {r.get('level')!r}")
            idx = r.get("ruleIndex")
            if idx is not None and (idx >= len(rules) or rules[idx]["id"] != r.get("ruleId")):
                problems.append(f"results[{i}].ruleIndex does not name rule {r.get('ruleId')}")
        for r in rules:
            level = r.get("defaultConfiguration", {}).get("level")
            if level not in LEVELS:
                problems.append(f"rule {r['id']}: default level {level!r}")
    return problems


def main():
    if not os.access(TOOL, os.X_OK):
        sys.exit(f"sarif_validate: {TOOL} not found: run scripts/setup.sh (it installs the "
                 "SARIF Multitool from the npm registry)")
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "nonet.xml")
        with open(config, "w") as f:
            f.write(NO_NETWORK)
        for path in sys.argv[1:]:
            out = os.path.join(tmp, "validation.sarif")
            proc = subprocess.run(
                [TOOL, "validate", path, "-o", out, "--log", "ForceOverwrite",
                 "--quiet", "true", "-c", config, "--rule-kind", "Sarif;Gh",
                 "--level", "Error;Warning"],
                env=env, capture_output=True, text=True)
            if proc.returncode != 0 or not os.path.exists(out):
                print(f"{path}: the SARIF Multitool failed to run:\n{proc.stdout}{proc.stderr}")
                failed = True
                continue
            with open(out) as f:
                results = [r for run in json.load(f).get("runs", [])
                           for r in run.get("results", [])]
            for r in results:
                msg = r.get("message", {})
                print(f"{path}: {r.get('level')} {r.get('ruleId')}: "
                      f"{msg.get('text') or msg.get('arguments')}")
            problems = own_checks(path)
            for p in problems:
                print(f"{path}: error: {p}")
            failed |= bool(results) or bool(problems)
            print(f"{path}: {len(results) + len(problems)} errors and warnings")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
