# notification-popup.sh: find a notification daemon's popups and click their buttons
#
# Sourced by tests/e2e-notification-daemon.sh (notification-daemon) and
# build-aux/headless-demo (xfce4-notifyd): set POPUP_DAEMON to the daemon
# whose popups to look for, notification-daemon by default.  Needs a
# display, xdotool, ImageMagick (for xfce4-notifyd), and a dbus-monitor log
# of the Notify calls (to learn the button order: libnotify sends actions in
# its hash table's order, and both daemons lay them out in the order they
# get them).
#
# SPDX-License-Identifier: GPL-3.0-or-later

POPUP_DAEMON=${POPUP_DAEMON:-notification-daemon}

# popup_find TENTHS [EXCLUDED_IDS…]: sets POPUP, X, Y, WIDTH, HEIGHT to the
# first visible popup not excluded; waits up to TENTHS/10 s; 1 if none.
popup_find() {
  local tenths=$1; shift
  local excluded=" $* " wid class=notification-daemon name=Notification
  [ "$POPUP_DAEMON" = xfce4-notifyd ] && class=xfce4-notifyd name=xfce4-notifyd
  for _ in $(seq 1 "$tenths"); do
    for wid in $(xdotool search --onlyvisible --class "$class" 2>/dev/null || true); do
      [ "$(xdotool getwindowname "$wid" 2>/dev/null)" = "$name" ] || continue
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

# popup_button_centres: the x of the centre of each button of xfce4-notifyd's
# $POPUP, left to right, one a line.  Its buttons are as wide as their
# labels (which are in the user's language), so they are found in a
# picture of the popup: a row 31 px above its bottom edge crosses them, and
# whatever is not the popup's background there (the colour at x = 2) is a
# button, or the popup's 1 px border.
popup_button_centres() {
  import -window "$POPUP" png:- |
    convert png:- -crop "${WIDTH}x1+0+$((HEIGHT - 31))" +repage txt:- |
    awk '
      NR == 1 { next }
      { split($1, xy, /[,:]/); x = xy[1] + 0; colour[x] = $3; if (x > last) last = x }
      END {
        start = -1
        for (x = 0; x <= last + 1; x++) {
          button = (x <= last && colour[x] != colour[2])
          if (button && start < 0) start = x
          if (!button && start >= 0) {
            if (x - start >= 30) print int((start + x - 1) / 2)
            start = -1
          }
        }
      }'
}

# popup_click ACTION BUTTONS: clicks ACTION's button in $POPUP.
# xfce4-notifyd: see popup_button_centres.  notification-daemon right-aligns the buttons in a row 39 px above the
# bubble's bottom edge: with two buttons the centre of the left one is
# 152 px from the right edge, the right one's 86 px (C locale labels).
popup_click() {
  local action=$1 buttons=$2 from_right key n=0 x
  if [ "$POPUP_DAEMON" = xfce4-notifyd ]; then
    for key in $buttons; do
      n=$((n + 1))
      [ "$key" = "$action" ] && break
    done
    [ "$key" = "$action" ] || { echo "no '$action' button in '$buttons'" >&2; return 1; }
    x=$(popup_button_centres | sed -n "${n}p")
    [ -n "$x" ] || { echo "popup $POPUP has no button $n" >&2; return 1; }
    xdotool mousemove --window "$POPUP" "$x" $((HEIGHT - 31)) click 1
    return
  fi
  case "$buttons" in
    "$action "*) from_right=152 ;;
    *" $action") from_right=86 ;;
    *) echo "no '$action' button in '$buttons'" >&2; return 1 ;;
  esac
  xdotool mousemove --window "$POPUP" $((WIDTH - from_right)) $((HEIGHT - 39)) click 1
}
