# notification-popup.sh: find notification-daemon's popups and click their buttons
#
# Sourced by tests/e2e-notification-daemon.sh and build-aux/headless-demo.
# Needs a display, xdotool, and a dbus-monitor log of the Notify calls (to
# learn the button order: libnotify sends actions in its hash table's order,
# and notification-daemon lays them out in the order it gets them).
#
# SPDX-License-Identifier: GPL-3.0-or-later

# popup_find TENTHS [EXCLUDED_IDS…]: sets POPUP, X, Y, WIDTH, HEIGHT to the
# first visible popup not excluded; waits up to TENTHS/10 s; 1 if none.
popup_find() {
  local tenths=$1; shift
  local excluded=" $* " wid
  for _ in $(seq 1 "$tenths"); do
    for wid in $(xdotool search --onlyvisible --class notification-daemon 2>/dev/null || true); do
      [ "$(xdotool getwindowname "$wid" 2>/dev/null)" = "Notification" ] || continue
      case "$excluded" in *" $wid "*) continue ;; esac
      eval "$(xdotool getwindowgeometry --shell "$wid")"
      if [ "$WIDTH" -gt 100 ] && [ "$HEIGHT" -gt 50 ]; then
        POPUP=$wid
        return 0
      fi
    done
    sleep 0.1
  done
  return 1
}

# popup_buttons CALLS_LOG: the action keys of the first Notify with buttons,
# left to right ("default" is a click on the bubble), e.g. "accept decline".
popup_buttons() {
  awk '
    /member=Notify$/ { in_call = 1; next }
    in_call && /^   array \[/ && !done { in_actions = 1; n = 0; keys = ""; next }
    in_actions && /^   \]/ { in_actions = 0; in_call = 0; if (keys != "") done = 1; next }
    in_actions && /string "/ {
      value = $0; sub(/^[^"]*"/, "", value); sub(/"$/, "", value)
      if (n % 2 == 0 && value != "default") keys = keys (keys == "" ? "" : " ") value
      n++
    }
    END { print keys }
  ' "$1"
}

# popup_click ACTION BUTTONS: clicks ACTION's button in $POPUP.
# notification-daemon right-aligns the buttons in a row 39 px above the
# bubble's bottom edge: with two buttons the centre of the left one is
# 152 px from the right edge, the right one's 86 px (C locale labels).
popup_click() {
  local action=$1 buttons=$2 from_right
  case "$buttons" in
    "$action "*) from_right=152 ;;
    *" $action") from_right=86 ;;
    *) echo "no '$action' button in '$buttons'" >&2; return 1 ;;
  esac
  xdotool mousemove --window "$POPUP" $((WIDTH - from_right)) $((HEIGHT - 39)) click 1
}
