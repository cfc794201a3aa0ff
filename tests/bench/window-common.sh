# Shared by soak.sh and hostile.sh (sourced, not run): a private X display for the window, and the
# window itself with settings of its own, its --stall-report lines and its /proc figures.
# Expects $gui (the busmon binary), $work (a private folder) and $port (burst-common.sh's
# start_private_redis, or the script's own server).

# A private Xvfb on a free display, whatever $DISPLAY is: nothing shows on the user's desktop and
# nothing of theirs (a window manager's placement, a saved geometry) changes what is measured.
# Sets $xvfb_pid; stop it with kill.
start_display() {
    local display=$((200 + RANDOM % 300))
    while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
    Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    export DISPLAY=:$display
    until xdotool getmouselocation >/dev/null 2>&1; do
        kill -0 "$xvfb_pid" 2>/dev/null || { echo "Xvfb did not start on $DISPLAY" >&2; return 1; }
        sleep 0.1
    done
}

# start_window LOG [busmon arguments…]: the window on the private server, reporting every 5 s
# (--stall-report), its settings in $work/config (write $work/config/busmon/busmon.conf first to
# set some). Sets $window_pid and $window (its X id) once it has subscribed.
start_window() {
    local log=$1 patterns
    shift
    patterns=$(numpat)
    mkdir -p "$work/home" "$work/config"
    HOME=$work/home XDG_CONFIG_HOME=$work/config QT_QPA_PLATFORM=xcb QT_LOGGING_RULES= \
        "$gui" --url "redis://127.0.0.1:$port" --stall-report "$@" 2>"$log" &
    window_pid=$!
    until [ "$(numpat)" -gt "$patterns" ]; do
        kill -0 "$window_pid" 2>/dev/null || { echo "busmon ended at start:" >&2; tail -3 "$log" >&2; return 1; }
        sleep 0.1
    done
    window=$(xdotool search --sync --onlyvisible --pid "$window_pid" --class busmon | head -1)
}

stop_window() {
    [ -n "${window_pid:-}" ] || return 0
    kill "$window_pid" 2>/dev/null
    wait "$window_pid" 2>/dev/null
    window_pid=
}

# The window's --stall-report lines: "gui lateness worst W ms, p99 P ms over T ticks (this report's
# period: at most M ms); received R (framed F), retained K, dropped D; resident S MiB".
report_count() { grep -c 'gui lateness' "$1" 2>/dev/null || true; }
last_report() { grep 'gui lateness' "$1" | tail -1 | sed 's/.*busmon: //'; }
report_field() { sed -nE "s/.*$1 ([0-9]+).*/\\1/p" <<<"$2"; }
# wait_reports LOG N: until N more reports than now were printed (at most 5 s each, plus slack).
wait_reports() {
    local target=$(($(report_count "$1") + $2)) deadline=$((SECONDS + 6 * $2 + 10))
    while [ "$(report_count "$1")" -lt "$target" ] && [ "$SECONDS" -lt "$deadline" ]; do
        kill -0 "$window_pid" 2>/dev/null || return 1
        sleep 0.2
    done
}
# The worst GUI-thread lateness of the reports after the first N of LOG (each report's own period).
worst_since_report() { grep 'gui lateness' "$1" | tail -n +"$(($2 + 1))" | sed -nE 's/.*at most ([0-9]+) ms.*/\1/p' | sort -n | tail -1; }

window_width() { xdotool getwindowgeometry "$window" 2>/dev/null | sed -nE 's/.*Geometry: ([0-9]+)x.*/\1/p'; }
# /proc figures of a process: resident and peak resident memory in MiB, threads, open descriptors.
proc_rss_mib() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null; }
# The part of it that is anonymous memory (heap, thread stacks, the store's pages), not mapped files.
proc_anon_mib() { awk '/^RssAnon:/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null; }
proc_peak_mib() { awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null; }
# "threads<TAB>pooled": all its threads and those of Qt's thread pools, from one listing.
proc_threads_and_pooled() {
    cat /proc/"$1"/task/*/comm 2>/dev/null | awk '{ n++ } $0 == "Thread (pooled)" { p++ } END { printf "%d\t%d", n, p }'
}
proc_fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
# Starts a new peak (VmHWM) at the current resident size.
reset_peak() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null; }
