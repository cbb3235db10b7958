#!/bin/sh
# Copies a fixture tree (default: tree) to DEST with a compile database of absolute
# paths there. Usage: make-tree.sh COPYINTENT_INCLUDE_DIR DEST [FIXTURE]
set -e
rm -rf "$2"
mkdir -p "$2"
cp -r "$(dirname "$0")/${3:-tree}/." "$2/"
root=$(cd "$2" && pwd -P)
sed -e "s|@ROOT@|$root|g" -e "s|@INCLUDE@|$1|g" "$2/compile_commands.json.in" \
  > "$2/compile_commands.json"
rm "$2/compile_commands.json.in"
