#!/usr/bin/env bash
# e2e-notification-daemon.sh: click Accept on a real notification-daemon popup
#
#   e2e-notification-daemon.sh E2E-ACCEPT-PROGRAM OUTPUT-DIR
#
# Needs a display and a session bus of its own (the test command runs the
# suite under xvfb-run and dbus-run-session), xdotool and notification-daemon;
# ImageMagick's `import` for the screenshots (optional).  Starts the daemon,
# runs the program (which lets an invitation ring), finds the popup, clicks
# its Accept button and lets the program tell whether the conversation
# window opened.  Screenshots go to OUTPUT-DIR: e2e-popup.png (before the
# click) and e2e-after.png.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

program=$1
outdir=$2
daemon=${NOTIFICATION_DAEMON:-/usr/lib/notification-daemon/notification-daemon}

log() { printf 'e2e: %s\n' "$*" >&2; }

if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  log "needs a display and a session bus (run under xvfb-run and dbus-run-session)"
  exit 77
fi
if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
     --method org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications | grep -q true; then
  log "another notification server owns the name already"
  exit 1
fi

daemon_pid=
program_pid=
monitor_pid=
calls=$(mktemp "${TMPDIR:-/tmp}/e2e-notify.XXXXXX")
cleanup() {
  [ -n "$program_pid" ] && kill "$program_pid" 2>/dev/null || true
  [ -n "$monitor_pid" ] && kill "$monitor_pid" 2>/dev/null || true
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -f "$calls"
}
trap cleanup EXIT

"$daemon" &
daemon_pid=$!
gdbus wait --session --timeout 10 org.freedesktop.Notifications
log "notification-daemon is up"

# The Notify calls, to learn the order of the buttons: libnotify sends the
# actions in its hash table's order, and notification-daemon lays them out
# in the order it gets them.
dbus-monitor --session "interface='org.freedesktop.Notifications'" >"$calls" 2>/dev/null &
monitor_pid=$!
for _ in $(seq 1 50); do
  [ -s "$calls" ] && break # it says hello (NameAcquired) once it listens
  sleep 0.1
done

# The app must talk to the daemon, not to a portal.
NOTIFY_IGNORE_PORTAL=1 "$program" 60 &
program_pid=$!

screenshot() {
  command -v import >/dev/null 2>&1 && import -window root "$outdir/$1" || true
}

# shellcheck source=../build-aux/notification-popup.sh
. "$(dirname "$0")/../build-aux/notification-popup.sh"

for _ in $(seq 1 30); do
  popup_find 10 && break
  if ! kill -0 "$program_pid" 2>/dev/null; then
    log "the program ended before any popup showed"
    wait "$program_pid" || exit $?
    exit 1
  fi
done
[ -n "${POPUP:-}" ] || { log "no popup appeared"; exit 1; }
log "popup $POPUP at ${X},${Y}, ${WIDTH}x${HEIGHT}"

buttons=$(popup_buttons "$calls")
log "buttons, left to right: $buttons"
sleep 0.5 # let it finish drawing, for the screenshot
screenshot e2e-popup.png
log "clicking Accept"
popup_click accept "$buttons"

status=0
wait "$program_pid" || status=$?
program_pid=
screenshot e2e-after.png
log "the program exited with $status"
[ "$status" -eq 0 ] || exit "$status"

# Accepted: the app withdrew its notification.  (Checked on the bus:
# notification-daemon without a window manager keeps drawing a bubble after
# CloseNotification, whoever sent it.)
sleep 0.2
if ! grep -q 'member=CloseNotification$' "$calls"; then
  log "the notification was not withdrawn (no CloseNotification)"
  exit 1
fi
log "the notification was withdrawn"
