#!/usr/bin/env bash
# bench-service-rss.sh: memory and pace of the background service over 10,000 invitations
#
#   bench-service-rss.sh BECKON BECKON-UCWA-SIM
#
# Runs the real programs, each a process of its own: beckon-ucwa-sim on
# 127.0.0.1 (the only traffic is loopback), notification-daemon (skipped,
# exit 77, without it), and Beckon as autostart runs it at login:
# `beckon --gapplication-service`, no window, signing in with the account
# saved in GSettings (the keyfile backend, in a temporary HOME) and the
# password in BECKON_PASSWORD.  Then the invitations go through the
# simulator's control API in bursts: each burst rings, the script waits
# until Beckon has fetched it (its event channel parked again, the
# acknowledgement past it), cancels every invitation (so each ends as
# missed) and waits the same way.  Notify calls are counted on the bus.
#
# Prints VmRSS 2 s after sign-in (the baseline), every 100 invitations,
# after all of them (once Beckon has made no notification call for 2 s: its
# notifier works at the daemon's pace), VmHWM (the peak) and the growth over
# the baseline (target < 2 MB), and how long a burst takes from the ring to
# Beckon's acknowledgement, per invitation, around invitation #100 and over
# the last 200 (target: within 10%: nothing grows with the history).  Once with GDK_DEBUG=gl-disable (cairo) and once with GL
# (Mesa under Xvfb), unless BENCH_MODES says otherwise.  Reports; asserts
# nothing about memory.
#
# BENCH_START=command-line measures `beckon --server ROOT --user SIP`
# instead: that opens the main window, which is then closed
# (WM_DELETE_WINDOW, as a window manager sends it; Beckon stays signed in
# in the background), or left open with BENCH_KEEP_WINDOW=1.
#
# Needs a display and a session bus of its own (run under xvfb-run and
# dbus-run-session, as the benchmark command does), python3, gsettings, the
# compiled schema (GSETTINGS_SCHEMA_DIR, else next to the build's beckon,
# else installed); xdotool and libX11 for BENCH_START=command-line.
# Environment: BENCH_INVITATIONS (10000), BENCH_BURST (20), BENCH_MODES
# ("gl-disable gl"), BENCH_START (service), BENCH_KEEP_WINDOW (0).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BECKON BECKON-UCWA-SIM" >&2
  exit 2
fi
beckon=$1
sim=$2
n_invitations=${BENCH_INVITATIONS:-10000}
burst=${BENCH_BURST:-20}
modes=${BENCH_MODES:-gl-disable gl}
start=${BENCH_START:-service}
keep_window=${BENCH_KEEP_WINDOW:-0}
daemon=${NOTIFICATION_DAEMON:-/usr/lib/notification-daemon/notification-daemon}
user=sip:alice@contoso.com
password=bench-service-rss

log() { printf 'bench-service-rss: %s\n' "$*" >&2; }

if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  log "needs a display and a session bus (run under xvfb-run and dbus-run-session)"
  exit 77
fi
if [ ! -x "$daemon" ]; then
  log "no $daemon: skipped"
  exit 77
fi
case "$start" in
  service) tools="python3 gdbus gsettings dbus-monitor" ;;
  command-line) tools="python3 gdbus dbus-monitor xdotool" ;;
  *) log "BENCH_START must be service or command-line"; exit 2 ;;
esac
for tool in $tools; do
  command -v "$tool" >/dev/null || { log "no $tool: skipped"; exit 77; }
done
if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications | grep -q true; then
  log "another notification server owns org.freedesktop.Notifications already"
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-service-rss.XXXXXX")
daemon_pid=
monitor_pid=
sim_pid=
beckon_pid=

# Ends what this script started, by pid: SIGTERM, then SIGKILL after 5 s.
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  stop_pid "$beckon_pid"
  stop_pid "$sim_pid"
  stop_pid "$monitor_pid"
  stop_pid "$daemon_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A session of its own: GTK, the daemon and dconf write under HOME and XDG_*.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_CACHE_HOME=$tmp/home/.cache \
  XDG_DATA_HOME=$tmp/home/.local/share XDG_STATE_HOME=$tmp/home/.local/state XDG_RUNTIME_DIR=$tmp/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export GTK_A11Y=none NO_AT_BRIDGE=1 NOTIFY_IGNORE_PORTAL=1
# The service reads the account from its settings: a keyfile under HOME.
export GSETTINGS_BACKEND=keyfile
if [ -z "${GSETTINGS_SCHEMA_DIR:-}" ] && [ -f "$(dirname "$beckon")/../data/gschemas.compiled" ]; then
  GSETTINGS_SCHEMA_DIR=$(cd "$(dirname "$beckon")/../data" && pwd)
  export GSETTINGS_SCHEMA_DIR
fi
if [ "$start" = service ] && ! gsettings list-keys io.github.beckon.Beckon >/dev/null 2>&1; then
  log "no io.github.beckon.Beckon schema (set GSETTINGS_SCHEMA_DIR)"
  exit 1
fi
# As shipped: no debugging allocator behaviour (the test environment sets
# G_DEBUG=gc-friendly).
unset G_DEBUG G_SLICE
# Loopback only, whatever the environment says about proxies.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*'

# The HTTP side (python3, standard library only).
driver=$tmp/driver.py
cat >"$driver" <<'EOF'
import json
import sys
import time
import urllib.parse
import urllib.request

opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(root, method, path, **params):
    url = root.rstrip("/") + path
    if params:
        url += "?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    with opener.open(request, timeout=10) as response:
        return json.load(response)


def rss(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit(f"no {field} for {pid}")


def wait(root, predicate, what, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        status = call(root, "GET", "/_sim/status")
        if predicate(status):
            return status
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}: {json.dumps(status)[:800]}")
        # Fine enough for the per-burst pace below.
        time.sleep(0.002)


def idle(status, ack=-1):
    """Beckon has fetched everything: nothing pending, its next P-GET parked,
    and (if given) its acknowledgement past @ack."""
    apps = status["applications"]
    return (len(apps) == 1 and apps[0]["available"] and apps[0]["parked"]
            and apps[0]["pendingEvents"] == 0 and apps[0]["ack"] > ack)


def signed_in(root):
    wait(root, idle, "sign-in")


def drive(root, pid, total, burst):
    ack = wait(root, idle, "an idle event channel")["applications"][0]["ack"]
    start = time.monotonic()
    done = 0
    paces = []  # (first invitation of the burst, seconds per invitation)
    while done < total:
        count = min(burst, total - done)
        rung = time.monotonic()
        ids = [call(root, "POST", "/_sim/im", name=f"Caller {done + i}",
                    message=f"Invitation {done + i}, got a minute?")["id"]
               for i in range(count)]
        status = wait(root, lambda s: idle(s, ack), "the invitations to be delivered")
        paces.append((done + 1, (time.monotonic() - rung) / count))
        ack = status["applications"][0]["ack"]
        offered = {c["id"] for c in status["conversations"] if c["application"]}
        if not set(ids) <= offered:
            raise SystemExit("some invitations were not offered to Beckon")
        for conversation_id in ids:
            call(root, "POST", "/_sim/cancel", id=conversation_id)
        status = wait(root, lambda s: idle(s, ack) and not s["conversations"],
                      "the cancellations to be delivered")
        ack = status["applications"][0]["ack"]
        done += count
        if done % 100 == 0 or done == total:
            print(f"  {done:5d} invitations: VmRSS {rss(pid)} KiB", flush=True)
    elapsed = time.monotonic() - start
    print(f"  {total} invitations in {elapsed:.1f} s ({total / elapsed:.0f}/s)", flush=True)
    early = sorted(p for first, p in paces if first <= 200)
    late = sorted(p for first, p in paces if first > total - 200)
    if early and late and total > 400:
        e, l = early[len(early) // 2], late[len(late) // 2]
        print(f"  ring → fetched and acknowledged, per invitation (median of bursts): "
              f"#1–200 {e * 1000:.2f} ms, #{total - 199}–{total} {l * 1000:.2f} ms "
              f"({(l - e) / e * 100:+.0f}%, target within 10%)", flush=True)


command = sys.argv[1]
if command == "signed-in":
    signed_in(sys.argv[2])
elif command == "drive":
    drive(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
else:
    raise SystemExit(f"unknown command {command}")
EOF

# Closes a window as a window manager does: WM_DELETE_WINDOW (python3
# ctypes on libX11: xdotool 3.2016 has no windowclose).
close_window() {
  python3 - "$1" <<'EOF'
import ctypes
import sys

x11 = ctypes.cdll.LoadLibrary("libX11.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XInternAtom.restype = ctypes.c_ulong
x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XCloseDisplay.argtypes = [ctypes.c_void_p]


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


display = x11.XOpenDisplay(None)
if not display:
    raise SystemExit("cannot open the display")
window = int(sys.argv[1])
event = XEvent()
event.xclient.type = 33  # ClientMessage
event.xclient.window = window
event.xclient.message_type = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
event.xclient.format = 32
event.xclient.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
event.xclient.data[1] = 0  # CurrentTime
if not x11.XSendEvent(display, window, 0, 0, ctypes.byref(event)):
    raise SystemExit("XSendEvent failed")
x11.XFlush(display)
x11.XCloseDisplay(display)
EOF
}

beckon_windows() {
  xdotool search --onlyvisible --pid "$1" 2>/dev/null || true
}

# Until the notification calls stop (2 s without one, 120 s at most):
# Beckon's notifier works through its queue at the daemon's pace.
settle_calls() {
  local last=-1 now quiet=0
  for _ in $(seq 1 1200); do
    now=$(grep -c 'member=Notify$\|member=CloseNotification$' "$1" || true)
    if [ "$now" = "$last" ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge 20 ] && return 0
    else
      quiet=0
      last=$now
    fi
    sleep 0.1
  done
  log "the notification calls did not settle in 120 s"
}

kib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
status_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

"$daemon" >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!
gdbus wait --session --timeout 10 org.freedesktop.Notifications
log "notification-daemon is up (pid $daemon_pid)"

run_mode() {
  local mode=$1 root calls rss_signed_in rss_base rss_end hwm notifies closes refused wid
  calls=$tmp/calls-$mode.log

  if [ "$mode" = gl ]; then
    unset GDK_DEBUG GSK_RENDERER
  else
    export GDK_DEBUG=gl-disable GSK_RENDERER=cairo
  fi

  "$sim" --port 0 --user "$user" --password "$password" >"$tmp/sim.out" 2>"$tmp/sim.log" &
  sim_pid=$!
  for _ in $(seq 1 100); do
    root=$(head -n 1 "$tmp/sim.out" 2>/dev/null || true)
    [ -n "$root" ] && break
    sleep 0.1
  done
  [ -n "$root" ] || { log "the simulator printed no URL"; cat "$tmp/sim.log" >&2; exit 1; }
  case "$root" in http://127.0.0.1:*) ;; *) log "not a loopback URL: $root"; exit 1 ;; esac

  : >"$calls"
  dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications'" >"$calls" 2>/dev/null &
  monitor_pid=$!
  for _ in $(seq 1 50); do
    [ -s "$calls" ] && break # it says hello (NameAcquired) once it listens
    sleep 0.1
  done

  if [ "$start" = service ]; then
    # What the last sign-in saved; autostart runs exactly this.
    gsettings set io.github.beckon.Beckon server-url "$root"
    gsettings set io.github.beckon.Beckon user "$user"
    BECKON_PASSWORD=$password "$beckon" --gapplication-service >"$tmp/beckon-$mode.log" 2>&1 &
  else
    BECKON_PASSWORD=$password "$beckon" --server "$root" --user "$user" >"$tmp/beckon-$mode.log" 2>&1 &
  fi
  beckon_pid=$!

  timeout 60 python3 "$driver" signed-in "$root"
  sleep 2
  rss_signed_in=$(status_kib "$beckon_pid" VmRSS)
  rss_base=$rss_signed_in

  if [ "$start" = service ]; then
    echo "[$mode] beckon --gapplication-service, GDK_DEBUG=${GDK_DEBUG:-(unset)} GSK_RENDERER=${GSK_RENDERER:-(unset)}"
    echo "  RSS 2 s after sign-in (baseline): $(kib "$rss_base")"
  else
    # The main window, then the service without it.
    wid=
    for _ in $(seq 1 100); do
      wid=$(beckon_windows "$beckon_pid" | head -n 1)
      [ -n "$wid" ] && break
      sleep 0.1
    done
    [ -n "$wid" ] || { log "beckon showed no window"; exit 1; }
    if [ "$keep_window" != 1 ]; then
      close_window "$wid"
      for _ in $(seq 1 50); do
        [ -z "$(beckon_windows "$beckon_pid")" ] && break
        sleep 0.1
      done
      [ -z "$(beckon_windows "$beckon_pid")" ] || { log "the main window did not close"; exit 1; }
      kill -0 "$beckon_pid" 2>/dev/null || { log "beckon quit when its window closed"; exit 1; }
      sleep 2
      rss_base=$(status_kib "$beckon_pid" VmRSS)
    fi
    echo "[$mode] beckon --server --user, main window $([ "$keep_window" = 1 ] && echo "left open" || echo closed), GDK_DEBUG=${GDK_DEBUG:-(unset)} GSK_RENDERER=${GSK_RENDERER:-(unset)}"
    echo "  RSS 2 s after sign-in (main window open): $(kib "$rss_signed_in")"
    [ "$keep_window" = 1 ] || echo "  RSS 2 s after closing the window (baseline): $(kib "$rss_base")"
  fi

  timeout 3600 python3 "$driver" drive "$root" "$beckon_pid" "$n_invitations" "$burst"
  kill -0 "$beckon_pid" 2>/dev/null || { log "beckon died"; cat "$tmp/beckon-$mode.log" >&2; exit 1; }
  settle_calls "$calls"
  rss_end=$(status_kib "$beckon_pid" VmRSS)
  hwm=$(status_kib "$beckon_pid" VmHWM)
  notifies=$(grep -c 'member=Notify$' "$calls" || true)
  closes=$(grep -c 'member=CloseNotification$' "$calls" || true)

  echo "  RSS after $n_invitations invitations (once the notification calls stopped for 2 s): $(kib "$rss_end")"
  echo "  peak (VmHWM): $(kib "$hwm")"
  echo "  growth: $(kib $((rss_end - rss_base))) (target < 2 MB)"
  echo "  Notify calls: $notifies, CloseNotification calls: $closes"

  # Quit as at log-out: SIGTERM signs out cleanly.
  stop_pid "$beckon_pid"
  beckon_pid=
  # notification-daemon holds 20 notifications at most and refuses more
  # (MaxNotificationsExceeded) until some expire: Beckon says so per Notify.
  refused=$(grep -c 'Could not show a notification' "$tmp/beckon-$mode.log" || true)
  echo "  Notify calls refused by the server: $refused"
  if grep -v 'Could not show a notification' "$tmp/beckon-$mode.log" | grep -q .; then
    log "[$mode] beckon said:"
    grep -v 'Could not show a notification' "$tmp/beckon-$mode.log" | tail -n 20 | sed 's/^/  /' >&2
  fi
  stop_pid "$monitor_pid"
  monitor_pid=
  stop_pid "$sim_pid"
  sim_pid=
}

for mode in $modes; do
  case "$mode" in
    gl | gl-disable) run_mode "$mode" ;;
    *) log "unknown mode $mode (gl, gl-disable)"; exit 2 ;;
  esac
done
