#!/usr/bin/env bash
# test-install.sh: Beckon installed as users install it, and launched as a
# desktop launches it.
#
#   tests/test-install.sh SOURCE_ROOT
#
# Builds what `meson install` installs, in a build directory of its own
# configured with a private prefix, installs it there, and then, on a
# session bus of its own whose service directories include the prefix (as
# the session bus of a desktop includes /usr/share), checks:
#   1. `gtk4-launch io.github.beckon.Beckon` starts Beckon through D-Bus
#      activation (the desktop file is DBusActivatable: the bus starts the
#      installed service's `beckon --gapplication-service`, which is then
#      activated) and its window opens;
#   2. `gio launch` of the installed desktop file (its Exec line) does too;
#   3. a D-Bus call to the name alone starts it in the background: one
#      process, no window;
#   4. a second launch presents the window of that same process;
#   5. the installed desktop file handles sip: and im: links, and
#      `gio open sip:…` hands one to the running Beckon, which opens the
#      new chat's window.
# Quit over D-Bus ends each run.  Needs a display (the tests
# run under xvfb-run); prints TAP.
set -euo pipefail

if [ "${1:-}" = --inner ]; then
  tmp=$2
  prefix=$tmp/prefix
  desktop=$prefix/share/applications/io.github.beckon.Beckon.desktop
  name=io.github.beckon.Beckon
  path=/io/github/beckon/Beckon
  n=0

  ok() { n=$((n + 1)); echo "ok $n $*"; }
  fail() { n=$((n + 1)); echo "not ok $n $*"; echo "# running: $(pids | tr '\n' ' ')"; exit 1; }

  has_owner() {
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner "$name" | grep -q true
  }
  # The window of a GtkApplication is exported under $path/window/N; the
  # introspection of $path/window lists one node per window.
  n_windows() {
    # Introspecting a name nobody owns would start Beckon.
    has_owner || { echo 0; return; }
    gdbus introspect --session --dest "$name" --object-path "$path/window" 2>/dev/null | grep -c '^ *node [0-9]' || true
  }
  # Beckon processes of this prefix, whatever their argv[0] (the Exec line
  # runs plain "beckon" from PATH).
  pids() {
    local p
    for p in $(pgrep -x beckon); do
      [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$prefix/bin/beckon" ] && echo "$p"
    done
    true
  }
  processes() { pids | wc -l; }
  # Conditions, not sleeps: poll each for up to 30 s.
  wait_for() {
    local what=$1
    shift
    for _ in $(seq 300); do
      if "$@"; then return 0; fi
      sleep 0.1
    done
    fail "timed out waiting for $what"
  }
  window_open() { [ "$(n_windows)" -ge 1 ]; }
  one_process() { [ "$(processes)" -eq 1 ]; }
  gone() { ! has_owner && [ "$(processes)" -eq 0 ]; }
  # Not our child (the bus or the launcher started it): that it released
  # its name and left is what can be seen of its end.
  quit() {
    gdbus call --session --dest "$name" --object-path "$path" --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
    wait_for "Beckon to quit" gone
  }

  # An X server started without -noreset (xvfb-run's default) resets when
  # its last client leaves: a launcher that exits before the app it started
  # has connected would leave the app connecting into the reset ("cannot
  # open display").  A desktop always has clients; so does this test.
  xprop -root -spy >/dev/null 2>&1 &
  xprop_pid=$!
  trap 'kill $xprop_pid 2>/dev/null || true' EXIT

  echo "1..8"
  has_owner && fail "Beckon already running before the test"

  # 1. The desktop launches it by its ID, as GNOME Shell does: the desktop
  # file is DBusActivatable, so the bus starts the installed service's
  # `beckon --gapplication-service`, which is then activated.
  gtk4-launch "$name" || fail "gtk4-launch $name"
  wait_for "the window after gtk4-launch" window_open
  [ "$(processes)" -eq 1 ] || fail "one process after gtk4-launch, not $(processes)"
  tr '\0' ' ' <"/proc/$(pids)/cmdline" | grep -q -- "^$prefix/bin/beckon --gapplication-service" ||
    fail "started through the installed D-Bus service"
  ok "gtk4-launch starts it through D-Bus activation of the installed service, window open"
  quit
  ok "quit over D-Bus"

  # 2. A launcher that runs the desktop file's Exec line (gio launch of the
  # file; beckon found on PATH).
  gio launch "$desktop" || fail "gio launch $desktop"
  wait_for "the window after gio launch" window_open
  [ "$(processes)" -eq 1 ] || fail "one process after gio launch, not $(processes)"
  ok "gio launch of the installed desktop file starts it, window open"
  quit

  # 3. D-Bus activation alone: in the background.
  gdbus call --session --dest "$name" --object-path "$path" --method org.freedesktop.DBus.Peer.Ping >/dev/null ||
    fail "D-Bus activation of $name"
  has_owner || fail "$name owned after activation"
  [ "$(processes)" -eq 1 ] || fail "one process after activation, not $(processes)"
  # The Ping was answered by the running main loop: had anything opened a
  # window by now, it would be exported.
  gdbus call --session --dest "$name" --object-path "$path" --method org.freedesktop.DBus.Peer.Ping >/dev/null
  [ "$(n_windows)" -eq 0 ] || fail "no window when started by D-Bus activation"
  ok "D-Bus activation through the installed service starts it in the background, no window"

  # 4. A second launch presents the window of the running instance, by
  # either launcher.
  pid=$(pids)
  gtk4-launch "$name" || fail "second launch"
  wait_for "the window after the second launch" window_open
  [ "$(processes)" -eq 1 ] || fail "still one process after the second launch, not $(processes)"
  [ "$(pids)" = "$pid" ] || fail "the same process presents the window"
  ok "a second launch presents the window of the running instance"
  # The Exec line starts a second process, which hands the launch to the
  # running one over D-Bus and leaves.
  gio launch "$desktop" || fail "third launch"
  wait_for "the second process to hand over and leave" one_process
  [ "$(pids)" = "$pid" ] || fail "the first process still runs"
  [ "$(n_windows)" -eq 1 ] || fail "still one window after gio launch, not $(n_windows)"
  ok "gio launch while it runs presents the same window, no second process"
  quit
  ok "quit over D-Bus"

  # 5. A sip: link clicked in a browser or mail client: the link's handler
  # is the installed desktop file, and `gio open` hands the link to the
  # running Beckon over D-Bus (org.freedesktop.Application.Open; the file
  # is DBusActivatable).  Its open handler opens the new chat's window, the
  # composer first: nothing goes to a server before the user writes, so
  # there is no request to look for (tests/test-chat.c follows such a chat
  # to Connected against the simulator, through g_application_open()).
  # That window is no GtkApplicationWindow and is not exported on D-Bus:
  # Beckon's debug log says it opened.
  # (meson install's post-install step wrote the prefix's mimeinfo.cache,
  # as a package's trigger does: GIO finds handlers through it.)
  for scheme in sip im; do
    handlers=$(gio mime "x-scheme-handler/$scheme")
    grep -q "^Default application .*: io.github.beckon.Beckon.desktop" <<<"$handlers" ||
      fail "the installed desktop file handles $scheme: links"
  done
  G_MESSAGES_DEBUG=beckon beckon >"$tmp/beckon.log" 2>&1 &
  wait_for "the window of a plain launch" window_open
  gio open "sip:ada@contoso.com" || fail "gio open sip:ada@contoso.com"
  wait_for "the chat's window" grep -q "New chat with sip:ada@contoso.com: its window is open" "$tmp/beckon.log"
  [ "$(processes)" -eq 1 ] || fail "one process after gio open, not $(processes)"
  ok "gio open of a sip: link opens a chat with that address in the running Beckon"
  quit
  exit 0
fi

src=${1:?usage: test-install.sh SOURCE_ROOT}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/beckon-install.XXXXXX")
cleanup() {
  local p
  for p in $(pgrep -x beckon); do
    [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$tmp/prefix/bin/beckon" ] && kill "$p"
  done
  true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "# building and installing into $tmp/prefix"
meson setup "$tmp/build" "$src" --prefix "$tmp/prefix" >"$tmp/setup.log" 2>&1 ||
  { sed 's/^/# /' "$tmp/setup.log"; echo "Bail out! meson setup failed"; exit 1; }
# Only what is installed: the tests and benchmarks of that build are not
# needed to install it.
mapfile -t targets < <(meson introspect --installed "$tmp/build" | python3 -c '
import json, os, sys
build = os.path.realpath(sys.argv[1])
for path in json.load(sys.stdin):
    real = os.path.realpath(path)
    # configure_file() outputs exist already and are no build targets.
    if real.startswith(build + os.sep) and not os.path.exists(real):
        print(os.path.relpath(real, build))
' "$tmp/build")
ninja -C "$tmp/build" "${targets[@]}" >"$tmp/build.log" 2>&1 ||
  { tail -n 40 "$tmp/build.log" | sed 's/^/# /'; echo "Bail out! build failed"; exit 1; }
meson install -C "$tmp/build" --no-rebuild --quiet >"$tmp/install.log" 2>&1 ||
  { sed 's/^/# /' "$tmp/install.log"; echo "Bail out! meson install failed"; exit 1; }

# A desktop session of a user with this prefix: its programs on PATH, its
# data (desktop files, D-Bus services, the compiled GSettings schema) in
# XDG_DATA_DIRS, seen by a session bus started afterwards.  Nothing of the
# build tree: the test environment's schema directory is not the prefix's.
unset GSETTINGS_SCHEMA_DIR DBUS_SESSION_BUS_ADDRESS
export PATH="$tmp/prefix/bin:$PATH"
export XDG_DATA_DIRS="$tmp/prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state
export GSETTINGS_BACKEND=memory
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
# No notification daemon started by the bus: Beckon's first question to the
# notification server would start whichever one the machine has installed
# (xfce4-notifyd, for the demo, writes into the TAP stream); this test does
# not look at notifications.  This file comes first in the bus's search
# path and starts nothing.
mkdir -p "$XDG_DATA_HOME/dbus-1/services"
printf '[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=/bin/false\n' \
  >"$XDG_DATA_HOME/dbus-1/services/org.freedesktop.Notifications.service"

dbus-run-session -- bash "$0" --inner "$tmp"
