#!/usr/bin/env bash
# check-potfiles-catches.sh: the POTFILES check fails on what it must.
#
#   check-potfiles-catches.sh CHECK-POTFILES
#
# Builds small trees in a temporary folder, each with one way POTFILES.in
# can fall out of step with the sources, and expects the check to refuse
# each (naming the file); a clean tree and the exemptions pass.  One tree
# is a git checkout, to cover the other way the check lists files.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

check=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-potfiles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0

tree() {
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree/po" "$tmp/tree/src/ucwa" "$tmp/tree/data"
  cat >"$tmp/tree/src/app.c" <<'EOF'
label = _ ("Accept");
EOF
  cat >"$tmp/tree/src/app.ui" <<'EOF'
<property name="label" translatable="yes">_Decline</property>
EOF
  echo 'static const char *path = "/x"; /* no strings for people */' >"$tmp/tree/src/plain.c"
  echo 'g_set_error (error, 1, 1, "Bad JSON"); /* the library is not translated */' >"$tmp/tree/src/ucwa/json.c"
  printf '[Desktop Entry]\nName=Beckon\n' >"$tmp/tree/data/app.desktop.in"
  printf 'data/app.desktop.in\nsrc/app.c\nsrc/app.ui\n' >"$tmp/tree/po/POTFILES.in"
}

# expect EXIT-STATUS WHAT [TEXT]: the check exits so, and says TEXT.
expect() {
  local want=$1 what=$2 text=${3:-} rc=0
  "$check" "$tmp/tree" >"$tmp/out" 2>&1 || rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "not ok - $what: exit $rc, expected $want"
    sed 's/^/# /' "$tmp/out"
    failures=$((failures + 1))
  elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/out"; then
    echo "not ok - $what: the output does not name $text"
    sed 's/^/# /' "$tmp/out"
    failures=$((failures + 1))
  else
    echo "ok - $what (exit $rc)"
  fi
}

echo "1..10"

tree
expect 0 "a clean tree passes"

tree
echo 'text = ngettext ("%u invitation", "%u invitations", n);' >"$tmp/tree/src/new.c"
expect 1 "an unlisted C file with ngettext()" "src/new.c"

tree
echo 'static const GOptionEntry e[] = { { "demo", 0, 0, 0, NULL, N_("Demo"), NULL } };' >"$tmp/tree/src/opts.c"
expect 1 "an unlisted C file with N_() and no space" "src/opts.c"

tree
echo '<property name="title" translatable="yes">Preferences</property>' >"$tmp/tree/src/prefs.ui"
expect 1 "an unlisted .ui file with a translatable property" "src/prefs.ui"

tree
printf '[Desktop Entry]\nName=Beckon\n' >"$tmp/tree/data/app-autostart.desktop.in"
printf '<schemalist><schema id="a"><key name="k" type="b"><default>true</default><summary>Run</summary></key></schema></schemalist>\n' \
  >"$tmp/tree/data/app.gschema.xml"
expect 1 "unlisted desktop template and schema" "data/app.gschema.xml"

tree
echo 'src/gone.c' >>"$tmp/tree/po/POTFILES.in"
expect 1 "a listed file that does not exist" "src/gone.c"

tree
echo 'x = my_ (1); y = MAX_ (2); z = g_strdup_printf ("%s", s);' >"$tmp/tree/src/names.c"
expect 0 "identifiers ending in _ are not gettext calls"

tree
echo 'label = _ ("Debug only");' >"$tmp/tree/src/debug.c"
echo 'src/debug.c' >"$tmp/tree/po/POTFILES.skip"
expect 0 "a file in POTFILES.skip is exempt"

tree
echo 'src/skipped-and-gone.c' >"$tmp/tree/po/POTFILES.skip"
expect 1 "POTFILES.skip naming a file that does not exist" "src/skipped-and-gone.c"

# A git checkout: files git ignores are not the project's.
tree
echo '/src/generated.c' >"$tmp/tree/.gitignore"
echo 'label = _ ("Generated");' >"$tmp/tree/src/generated.c"
echo 'label = _ ("New");' >"$tmp/tree/src/untracked.c"
git -C "$tmp/tree" init -q
expect 1 "in a git checkout, an untracked file is checked, an ignored one is not" "src/untracked.c"
if grep -q generated.c "$tmp/out"; then
  echo "# (but it named the ignored src/generated.c too)"
  failures=$((failures + 1))
fi

[ "$failures" -eq 0 ]
