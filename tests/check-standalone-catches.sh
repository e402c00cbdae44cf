#!/usr/bin/env bash
# check-standalone-catches.sh: the standalone check fails on what it must.
#
#   check-standalone-catches.sh CHECK-STANDALONE
#
# Builds small trees in a temporary folder, each with one way of reaching
# outside the checkout that once was (or could be) written, and expects
# the check to refuse each; a clean tree and the documents it exempts pass.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

check=$1
# The sibling folder's name, assembled so this file passes the check too.
name=sha
name+=red
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-standalone.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0

tree() {
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree/tests" "$tmp/tree/src"
  echo "test_env = environment()" > "$tmp/tree/tests/meson.build"
  echo "/* the code */" > "$tmp/tree/src/main.c"
  echo "The reference is ../$name/ucwa/PROTOCOL.md." > "$tmp/tree/README.md"
}

expect() {
  local want=$1 what=$2 rc=0
  "$check" "$tmp/tree" >"$tmp/out" 2>&1 || rc=$?
  if [ "$rc" -eq "$want" ]; then
    echo "ok - $what (exit $rc)"
  else
    echo "not ok - $what: exit $rc, expected $want"
    sed 's/^/# /' "$tmp/out"
    failures=$((failures + 1))
  fi
}

echo "1..6"

tree
expect 0 "a clean tree passes; README.md may name the folder beside it"

tree
echo "samples_dir = meson.project_source_root() / '..' / '$name' / 'ucwa'" >> "$tmp/tree/tests/meson.build"
expect 1 "meson path built from '..' / 'NAME'"

tree
echo "dir = g_test_get_filename (G_TEST_DIST, \"..\", \"..\", \"$name\", \"ucwa\", NULL);" >> "$tmp/tree/src/main.c"
expect 1 "C path built from \"..\", \"NAME\""

tree
echo "samples=../$name/ucwa/samples" > "$tmp/tree/tests/run.sh"
expect 1 "shell path ../NAME"

tree
echo "path = \"/work/$name/ucwa/PROTOCOL.md\"" > "$tmp/tree/src/x.py"
expect 1 "absolute path to the developers' machine"

tree
mkdir -p "$tmp/tree/docs"
echo "See ../$name/ucwa/PROTOCOL.md" > "$tmp/tree/docs/notes.md"
expect 0 "documents for people are exempt"

[ "$failures" -eq 0 ]
