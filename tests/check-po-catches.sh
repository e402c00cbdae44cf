#!/usr/bin/env bash
# check-po-catches.sh: the translation checks fail on what they must.
#
#   check-po-catches.sh CHECK-PO
#
# Builds a small tree (one source file, its POTFILES.in, a German catalog
# translating it) in a temporary folder, breaks it one way at a time, and
# expects build-aux/check-po to refuse each: a placeholder the translation
# changed, a catalog LINGUAS does not list, a string added to the source
# and not translated, a string changed in the source (fuzzy).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

check=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-po.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0

tree() {
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree/po" "$tmp/tree/src"
  cat >"$tmp/tree/src/app.c" <<'EOF'
title = g_strdup_printf (_ ("%s invites you to chat"), name);
text = g_strdup_printf (ngettext ("%u invitation", "%u invitations", n), n);
EOF
  echo 'src/app.c' >"$tmp/tree/po/POTFILES.in"
  echo 'de' >"$tmp/tree/po/LINGUAS"
  cat >"$tmp/tree/po/de.po" <<'EOF'
msgid ""
msgstr ""
"Project-Id-Version: beckon\n"
"Language: de\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#, c-format
msgid "%s invites you to chat"
msgstr "%s lädt Sie zum Chat ein"

#, c-format
msgid "%u invitation"
msgid_plural "%u invitations"
msgstr[0] "%u Einladung"
msgstr[1] "%u Einladungen"
EOF
}

# expect EXIT-STATUS MODE WHAT TEXT: check-po MODE exits so and says TEXT.
expect() {
  local want=$1 mode=$2 what=$3 text=$4 rc=0
  "$check" "$mode" "$tmp/tree" >"$tmp/out" 2>&1 || rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "not ok - $what: exit $rc, expected $want"
    sed 's/^/# /' "$tmp/out"
    failures=$((failures + 1))
  elif ! grep -qF -- "$text" "$tmp/out"; then
    echo "not ok - $what: the output does not say $text"
    sed 's/^/# /' "$tmp/out"
    failures=$((failures + 1))
  else
    echo "ok - $what (exit $rc)"
  fi
}

echo "1..7"

tree
expect 0 format "a correct catalog passes msgfmt -c" "pass msgfmt -c"
expect 0 complete "a catalog translating every string is complete" "translates all 2 messages"

tree
sed -i 's/^msgstr "%s lädt/msgstr "%d lädt/' "$tmp/tree/po/de.po"
expect 1 format "a placeholder changed by the translation" "format specifications"

tree
sed -i 's/^msgstr\[1\] .*/msgstr[1] "Einladungen"/' "$tmp/tree/po/de.po"
expect 1 format "a plural form without its placeholder" "msgstr[1]"

tree
cp "$tmp/tree/po/de.po" "$tmp/tree/po/fr.po"
expect 1 format "a catalog LINGUAS does not list" "po/fr.po is not listed in po/LINGUAS"

tree
echo 'label = _ ("Decline");' >>"$tmp/tree/src/app.c"
expect 1 complete "a string added to the sources, not translated" "untranslated: Decline"

tree
sed -i 's/you to chat/you to a chat/' "$tmp/tree/src/app.c"
expect 1 complete "a string changed in the sources (fuzzy)" "ninja -C _build beckon-update-po"

[ "$failures" -eq 0 ]
