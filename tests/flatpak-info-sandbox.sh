#!/usr/bin/env bash
# flatpak-info-sandbox.sh: runs a command as if inside Flatpak, for the tests
#
#   flatpak-info-sandbox.sh COMMAND [ARGS…]
#
# GTK, GLib, libnotify, libsecret and Beckon decide they run inside Flatpak
# by one test: /.flatpak-info exists (GLib also reads its [Context] to learn
# whether the app may use the network).  This runs COMMAND in a mount
# namespace (bubblewrap) that sees the whole machine as it is (every
# top-level folder bound at its place, /dev and /proc as they are), plus a
# /.flatpak-info with what the manifest's finish-args give the app.  Nothing
# else differs: not the user, the network, the session bus, the display.
# So each library takes its sandboxed path on its own, without the
# switches that force some of them outside (tests/meson.build).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

info=$(mktemp "${TMPDIR:-/tmp}/flatpak-info.XXXXXX")
trap 'rm -f "$info"' EXIT
cat >"$info" <<'INFO'
[Application]
name=io.github.beckon.Beckon
runtime=runtime/org.gnome.Platform/x86_64/51

[Context]
shared=network;ipc;
sockets=wayland;fallback-x11;
devices=dri;
INFO

args=(--tmpfs / --dev-bind /dev /dev --proc /proc)
for entry in /*; do
  case "$entry" in /dev | /proc) continue ;; esac
  if [ -L "$entry" ]; then
    args+=(--symlink "$(readlink "$entry")" "$entry")
  elif [ -d "$entry" ]; then
    args+=(--dev-bind "$entry" "$entry")
  fi
done
# Not exec: the trap removes the file once the command is done.
bwrap "${args[@]}" --ro-bind "$info" /.flatpak-info -- "$@"
