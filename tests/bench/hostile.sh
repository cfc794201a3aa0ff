#!/usr/bin/env bash
# Probe: the hostile input and faults of issue 8, each against a private redis-server on a free
# loopback port, read by the real `busmon-cli tail` and, where a window can show harm (its size, a
# stalled GUI thread, memory), by the window under a private Xvfb with a row selected.
# One line per case: "held" and what held (messages recorded of sent, byte-exact, outage recorded vs
# real, exit status, the message the user saw), or "NOT HELD" and what did not. Exits 1 if a case
# did not hold. The GUI thread may be late at most 50 ms more than it was, in the same window, while
# nothing happened: on a shared, loaded machine that noise is often larger than 50 ms itself.
#
#   tests/bench/hostile.sh [build-dir] [case…]
#
# Cases (all by default, about 5 minutes):
#   big big-over-limit deep long-channel random escapes sigstop debug-sleep client-kill server-gone
#   output-buffer wrong-password password-in-url acl tls-plain replay
# Needs python3 (tests/bench/hostile-bytes.py handles the bytes), redis-server, redis-cli,
# redis-benchmark, Xvfb and xdotool. HOSTILE_KEEP=1 keeps each case's folder (logs, captures).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath -m "${1:-$top/build}")
shift || true
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(big big-over-limit deep long-channel random escapes sigstop debug-sleep client-kill
                                 server-gone output-buffer wrong-password password-in-url acl tls-plain replay)
gui=$build/app/busmon
cli=$build/app/cli/busmon-cli
bytes=$top/tests/bench/hostile-bytes.py
[ -x "$gui" ] && [ -x "$cli" ] || { echo "no $gui or $cli: build first" >&2; exit 1; }

source "$(dirname "$0")/burst-common.sh"
source "$(dirname "$0")/window-common.sh"
tail_pid= window_pid= xvfb_pid= port= work= server_pid= server_args=() server_password=
# redis-cli on the case's server, with its password when it has one (never in busmon's environment).
rcli() {
    if [ -n "$server_password" ]; then
        REDISCLI_AUTH=$server_password redis-cli -p "$port" "$@"
    else
        redis-cli -p "$port" "$@"
    fi
}
numpat() { rcli pubsub numpat; }
stop_server() { # by its pid: a stopped (sigstop) or password-protected server ignores redis-cli
    [ -n "$server_pid" ] || return 0
    kill -CONT "$server_pid" 2>/dev/null
    kill "$server_pid" 2>/dev/null
    local deadline=$((SECONDS + 10))
    while kill -0 "$server_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
    kill -KILL "$server_pid" 2>/dev/null
    server_pid=
}
cleanup() {
    for pid in $tail_pid $window_pid; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    stop_server
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    [ -n "$work" ] && [ -z "${HOSTILE_KEEP:-}" ] && rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_display || exit 1

# A fresh server per case, DEBUG allowed, the case's own settings added ($@); $work is its folder.
fresh_server() {
    if [ -n "$work" ]; then
        stop_server
        [ -z "${HOSTILE_KEEP:-}" ] && rm -rf "$work"
    fi
    work=$(mktemp -d)
    server_password=
    [ "${1:-}" = --requirepass ] && server_password=$2
    # A port found free can be taken before the server binds it (it may be another program's
    # ephemeral port): then another one.
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        server_args=(--port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --enable-debug-command yes
                     --logfile "$work/redis.log" --daemonize yes --pidfile "$work/redis.pid" "$@")
        start_server && return 0
    done
    echo "redis-server would not start: $(tail -1 "$work/redis.log")" >&2
    exit 1
}
# The server goes away as in a restart or crash of its host: SHUTDOWN, then gone.
shutdown_server() {
    rcli shutdown nosave >/dev/null 2>&1
    while kill -0 "$server_pid" 2>/dev/null; do sleep 0.02; done
    server_pid=
}
# Starts the server of $server_args; false if it does not answer within 10 s (its log says why).
start_server() {
    rm -f "$work/redis.pid"
    redis-server "${server_args[@]}" || return 1
    local deadline=$((SECONDS + 10))
    until rcli ping 2>/dev/null | grep -q PONG; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.05
    done
    server_pid=$(cat "$work/redis.pid")
}

# Arithmetic on decimals and comparisons, through awk.
calc() { awk "BEGIN { printf \"%.1f\", $* }"; }
is() { awk "BEGIN { exit !($*) }"; }
now() { echo "$EPOCHREALTIME"; }

# Each case collects what did not hold in $failed, then says its line.
failed=() failures=0 verdicts=0
expect() { # expect "what should hold" CONDITION (awk syntax)
    is "$2" || failed+=("$1")
}
verdict() { # verdict CASE "what was seen"
    verdicts=$((verdicts + 1))
    if [ ${#failed[@]} -eq 0 ]; then
        printf 'held      %-15s %s\n' "$1" "$2"
    else
        printf 'NOT HELD  %-15s %s\n' "$1" "$2"
        printf '          %-15s did not hold: %s\n' "" "$(IFS=';'; echo "${failed[*]}" | sed 's/;/; /g')"
        failures=$((failures + 1))
    fi
    failed=()
}
# The first line a program wrote to the user (stderr), one line, control characters shown as '?'.
said() { grep -v '^\s*$' "$1" 2>/dev/null | head -1 | cut -c1-"${2:-140}" | tr -d '\n' | tr -c '[:print:]' '?'; }

# patterns_above N [PID]: until the server has more than N pattern subscriptions, PID ended or 20 s passed.
patterns_above() {
    local deadline=$((SECONDS + 20))
    until [ "$(numpat)" -gt "$1" ] || [ $SECONDS -ge $deadline ]; do
        [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null && return
        sleep 0.05
    done
}

# `busmon-cli tail` into $work/tail.jsonl (default subscriptions unless given), started and subscribed.
start_tail() {
    local patterns
    patterns=$(numpat)
    "$cli" tail --url "redis://127.0.0.1:$port" --output "$work/tail.jsonl" "$@" 2>"$work/tail.err" &
    tail_pid=$!
    patterns_above "$patterns" "$tail_pid"
}
recorded() { local n; n=$(grep -c '"channel' "$work/tail.jsonl" 2>/dev/null); echo "${n:-0}"; }
# wait_recorded N SECONDS: until tail has recorded N messages or SECONDS passed.
wait_recorded() {
    local deadline
    deadline=$(calc "$(now) + $2")
    while [ "$(recorded)" -lt "$1" ] && is "$(now) < $deadline"; do sleep 0.1; done
}
stop_tail() {
    kill -INT "$tail_pid" 2>/dev/null
    wait "$tail_pid"
    tail_status=$?
    tail_pid=
}
# The messages of FILE against tail's capture: sets received, sent, differing, outages.
check_capture() {
    received=0 sent=0 differing=0 outages=0
    eval "$("$bytes" check "$1" "$work/tail.jsonl")"
}

# --- Messages that are hard to hold: tail records them, then the window shows them --------------

# The window watches while FILE is published, then a row (or ROWS rows, one after the other) is
# selected and its Raw tab opened. Sets w_received, w_alive, w_width_before/after, w_receipt_worst
# and w_select_worst (the GUI thread's worst lateness while receiving and while selecting, ms),
# w_quiet_worst (the same while nothing happened: the machine's noise), w_select_peak (MiB the
# selection added to the peak resident memory) and w_rss (MiB, at the end).
window_watch() {
    local file=$1 count=$2 rows=${3:-1} log=$work/gui.log reports
    start_window "$log" || { w_alive=no; return; }
    # The first report holds the window's start; the next three, quiet periods: the machine's noise,
    # over as many periods as receiving and selecting are measured.
    wait_reports "$log" 4
    w_quiet_worst=$(worst_since_report "$log" 1)
    w_width_before=$(window_width)
    reports=$(report_count "$log")
    "$bytes" publish "$port" "$file"
    while wait_reports "$log" 1 && [ "$(report_field received "$(last_report "$log")")" -lt "$count" ]; do
        [ "$(report_count "$log")" -gt $((reports + 12)) ] && break # a minute: it will not come
    done
    wait_reports "$log" 1
    w_receipt_worst=$(worst_since_report "$log" "$reports")
    w_received=$(report_field received "$(last_report "$log")")
    # Select: the first row of the table, then the next ones with the arrow key, then the Raw tab.
    reports=$(report_count "$log")
    local before_select
    before_select=$(proc_rss_mib "$window_pid")
    reset_peak "$window_pid"
    xdotool mousemove --window "$window" 300 145 click 1
    for _ in $(seq 2 "$rows"); do sleep 0.3; xdotool key Down; done
    sleep 1
    xdotool mousemove --window "$window" 77 515 click 1 # the detail pane's Raw tab
    wait_reports "$log" 2
    w_select_worst=$(worst_since_report "$log" "$reports")
    w_select_peak=$(($(proc_peak_mib "$window_pid") - before_select))
    w_rss=$(proc_rss_mib "$window_pid")
    w_width_after=$(window_width)
    [ -n "${HOSTILE_KEEP:-}" ] && import -window root "$work/window.png"
    w_alive=$(kill -0 "$window_pid" 2>/dev/null && echo yes || echo no)
    stop_window
}

# message_case NAME KIND ROWS [server settings…]: tail records `hostile-bytes.py make KIND`, then
# the window receives it and ROWS of its rows are selected.
message_case() {
    local name=$1 kind=$2 rows=$3 payload_mib took peak
    shift 3
    fresh_server "$@"
    "$bytes" make "$kind" "$work/messages.bin"
    count=$("$bytes" count "$work/messages.bin")
    payload_mib=$(calc "$(stat -c %s "$work/messages.bin") / 1048576")
    start_tail
    local start
    start=$(now)
    "$bytes" publish "$port" "$work/messages.bin"
    wait_recorded "$count" 60
    took=$(calc "$(now) - $start")
    peak=$(proc_peak_mib "$tail_pid")
    stop_tail
    check_capture "$work/messages.bin"
    expect "tail records every message" "$received == $sent"
    expect "byte-exact" "$differing == 0"
    expect "no outage" "$outages == 0"
    expect "tail exits 0 on Ctrl+C" "$tail_status == 0"
    window_watch "$work/messages.bin" "$count" "$rows"
    local allowed=$((50 + ${w_quiet_worst:-0}))
    expect "window alive" "\"$w_alive\" == \"yes\""
    expect "window shows every message" "${w_received:-0} == $count"
    expect "window width unchanged" "${w_width_after:-0} == ${w_width_before:-1}"
    expect "GUI thread late <= 50 ms + noise ($allowed ms) while receiving" "${w_receipt_worst:-999999} <= $allowed"
    expect "GUI thread late <= $allowed ms while selecting" "${w_select_worst:-999999} <= $allowed"
    expect "selecting costs <= 3x the payload in memory" "${w_select_peak:-999999} <= 3 * $payload_mib + 16"
    verdict "$name" "tail: $received/$sent recorded, byte-exact $([ "$differing" = 0 ] && echo yes || echo "no ($differing differ)"), in $took s, peak $peak MiB, exit $tail_status; recorded problems: $("$bytes" problems "$work/tail.jsonl")"
    printf '          %-15s window: %s/%s shown; GUI thread late at most %s ms receiving, %s ms selecting (%s ms when idle); selecting +%s MiB peak for %s MiB of payload, %s MiB at the end; width %s -> %s px\n' \
        "" "${w_received:-?}" "$count" "${w_receipt_worst:-?}" "${w_select_worst:-?}" "${w_quiet_worst:-?}" \
        "${w_select_peak:-?}" "$payload_mib" "${w_rss:-?}" "${w_width_before:-?}" "${w_width_after:-?}"
}

# A 50 MB payload needs a pubsub output-buffer limit above Redis's default 32 MB to reach anyone.
case_big() { message_case big big 1 --client-output-buffer-limit "pubsub 256mb 128mb 60"; }
case_deep() { message_case deep deep 2; }
case_random() { message_case random random 20; }
case_long_channel() {
    message_case long-channel long-channel 1
    # Reading it on a terminal: one line, however long.
    "$cli" tail --url "redis://127.0.0.1:$port" --format text --count 1 >"$work/text.out" 2>/dev/null &
    local pid=$!
    patterns_above 0 "$pid"
    "$bytes" publish "$port" "$work/messages.bin"
    wait "$pid"
    local status=$? text_lines
    text_lines=$(wc -l <"$work/text.out")
    expect "tail --format text: one line" "$text_lines == 1"
    verdict long-channel "tail --format text: $text_lines line(s) of at most $(awk '{ if (length > m) m = length } END { print m + 0 }' "$work/text.out") characters, exit $status"
}

# Under Redis's default limit (32 MB hard) the server drops a subscriber sent 50 MB: the user must
# see that gap, and tail must go on.
case_big_over_limit() {
    fresh_server
    "$bytes" make big "$work/big.bin"
    "$bytes" make sync100 "$work/after.bin"
    start_tail
    "$bytes" publish "$port" "$work/big.bin"
    # tail is back when its patterns are there again.
    local deadline=$((SECONDS + 20))
    sleep 1
    until [ "$(numpat)" -gt 0 ] || [ $SECONDS -ge $deadline ]; do sleep 0.1; done
    "$bytes" publish "$port" "$work/after.bin"
    wait_recorded 100 10
    stop_tail
    check_capture "$work/after.bin"
    local drops
    drops=$(disconnects)
    expect "the server dropped tail (else the case proves nothing)" "$drops >= 1"
    expect "the drop is recorded as an outage" "$outages >= $drops"
    expect "tail goes on: the 100 messages after it recorded" "$received == 100 && $differing == 0"
    expect "tail exits 0 on Ctrl+C" "$tail_status == 0"
    verdict big-over-limit "50 MB under the default 32 MB pubsub limit: server dropped tail $drops time(s); outages recorded $outages ($("$bytes" outages "$work/tail.jsonl" | cut -f4,5 | head -1 | tr '\t' ' ' | sed 's/^/ms: /')); after it $received/100 recorded; exit $tail_status; tail said: $(said "$work/tail.err" 100)"
}

case_escapes() {
    fresh_server
    "$cli" tail --url "redis://127.0.0.1:$port" --format text --count 2 >"$work/text.out" 2>"$work/tail.err" &
    local pid=$!
    patterns_above 0 "$pid"
    rcli publish $'personal.ev\x1b[1mil\nfake line' '{"username": "x", "title": "t", "message": "m"}' >/dev/null
    rcli publish $'sync.\x1b]0;owned\x07bob' '{"action": "sync"}' >/dev/null
    wait "$pid"
    local status=$? text_lines esc bel
    text_lines=$(wc -l <"$work/text.out")
    esc=$(grep -c $'\x1b' "$work/text.out")
    bel=$(grep -c $'\x07' "$work/text.out")
    expect "one line per message" "$text_lines == 2"
    expect "no raw ESC or BEL reaches the terminal" "$esc + $bel == 0"
    expect "tail exits 0 after --count" "$status == 0"
    verdict escapes "tail --format text: $text_lines lines for 2 messages, raw ESC in $esc, BEL in $bel; exit $status; shown: $(cut -c15-60 "$work/text.out" | tr -s ' ' | tr '\n' '|')"
}

# --- Faults: 100 messages, the fault, 100 messages; what tail kept and the outage it wrote --------

# fault_case NAME REAL_SECONDS COMMAND…: COMMAND makes the server unusable for about REAL_SECONDS
# (measured: from its start to its end). Judges the outage recorded against the real one.
fault_case() {
    local name=$1 nominal=$2 began ended real
    shift 2
    fresh_server
    "$bytes" make sync100 "$work/before.bin"
    start_tail
    "$bytes" publish "$port" "$work/before.bin"
    wait_recorded 100 10
    began=$(now)
    "$@"
    ended=$(now)
    real=$(calc "$ended - $began")
    # tail is back when its outage was written (it is written when the outage ends).
    local deadline=$((SECONDS + 20))
    until grep -q '"outage"' "$work/tail.jsonl" || [ $SECONDS -ge $deadline ]; do sleep 0.1; done
    sleep 0.5
    until [ "$(numpat)" -ge 8 ] || [ $SECONDS -ge $deadline ]; do sleep 0.1; done
    local back
    back=$(calc "$(now) - $began")
    "$bytes" publish "$port" "$work/before.bin"
    wait_recorded 200 10
    stop_tail
    cat "$work/before.bin" "$work/before.bin" >"$work/all.bin"
    check_capture "$work/all.bin"
    local o_began o_noticed o_ended o_ms o_reason
    IFS=$'\t' read -r o_began o_noticed o_ended o_ms o_reason < <("$bytes" outages "$work/tail.jsonl" | head -1)
    local recorded_s noticed_after
    recorded_s=$(calc "${o_ms:-0} / 1000")
    noticed_after=$([ "${o_noticed:--}" != - ] && calc "$o_noticed - $began" || echo none)
    expect "tail records every message before and after" "$received == 200 && $differing == 0"
    expect "exactly one outage" "$outages == 1"
    expect "the outage covers the real one (${real} s, 0.5 s slack)" "$recorded_s >= $real - 0.5"
    expect "the outage is not inflated (<= real + 8 s)" "$recorded_s <= $real + 8"
    if [ "$nominal" -ge 5 ]; then
        expect "noticed recorded, within 5 s (+1 s slack) of the fault" "\"$noticed_after\" != \"none\" && $noticed_after <= 6"
    fi
    expect "tail exits 0 on Ctrl+C" "$tail_status == 0"
    verdict "$name" "$received/200 recorded, byte-exact $([ "$differing" = 0 ] && echo yes || echo no); $outages outage(s): ${recorded_s} s recorded for ${real} s real, noticed $([ "$noticed_after" = none ] && echo "(no field)" || echo "${noticed_after} s after the fault began"), reason \"${o_reason:-}\"; subscribed again after ${back} s; exit $tail_status"
}
case_sigstop() {
    fault_case sigstop 20 eval 'kill -STOP $(cat "$work/redis.pid"); sleep 20; kill -CONT $(cat "$work/redis.pid")'
}
case_debug_sleep() {
    fault_case debug-sleep 15 eval 'rcli debug sleep 15 >/dev/null'
}
case_client_kill() {
    fault_case client-kill 0 eval 'rcli client kill type pubsub >/dev/null'
}
# The server goes away (shutdown) for 5 s and comes back on the same port.
case_server_gone() {
    fault_case server-gone 5 eval 'shutdown_server; sleep 5; start_server'
    printf '          %-15s tail said: %s\n' "" "$(said "$work/tail.err")"
    # …and goes away for good while tail runs: tail says so, keeps trying, ends at Ctrl+C at once and
    # keeps the open outage in its capture.
    start_tail
    shutdown_server
    sleep 4
    local start
    start=$(now)
    stop_tail
    local took open_outage
    took=$(calc "$(now) - $start")
    open_outage=$("$bytes" outages "$work/tail.jsonl" | awk -F'\t' '$3 == "-" { n++ } END { print n + 0 }')
    expect "tail says the server went away" "$(grep -c . "$work/tail.err") >= 1"
    expect "Ctrl+C ends tail within 2 s" "$took <= 2"
    expect "tail exits 0 on Ctrl+C" "$tail_status == 0"
    expect "the outage still open at the end is in the capture" "$open_outage == 1"
    verdict server-gone "server gone for good: tail said \"$(said "$work/tail.err" 100)\"; Ctrl+C ended it in ${took} s, exit $tail_status; open outage in the capture: $open_outage"
}

# Redis drops a subscriber whose output passes a lowered limit; redis-cli reads the same burst first.
case_output_buffer() {
    fresh_server
    rcli config set client-output-buffer-limit "pubsub 256kb 64kb 1" >/dev/null
    messages=200000
    rcli psubscribe 'sync.*' >"$work/redis-cli.out" 2>/dev/null &
    local baseline_pid=$!
    patterns_above 0 "$baseline_pid"
    burst
    local last=-1 count
    while count=$(stat -c %s "$work/redis-cli.out") && [ "$count" != "$last" ]; do last=$count; sleep 1; done
    kill "$baseline_pid" 2>/dev/null
    wait "$baseline_pid" 2>/dev/null
    local baseline baseline_drops
    baseline=$(grep -c '^pmessage$' "$work/redis-cli.out")
    baseline_drops=$(disconnects)
    local deadline=$((SECONDS + 20))
    until [ "$(numpat)" = 0 ] || [ $SECONDS -ge $deadline ]; do sleep 0.05; done
    start_tail --pattern 'sync.*'
    burst
    wait_recorded "$messages" 60
    stop_tail
    local got drops
    got=$(recorded)
    drops=$(($(disconnects) - baseline_drops))
    outages=$(grep -c '"outage"' "$work/tail.jsonl")
    expect "every message recorded, or each drop recorded as an outage" "$got == $messages || ($drops >= 1 && $outages >= $drops)"
    expect "tail exits 0 on Ctrl+C" "$tail_status == 0"
    local bit="" # a limit no reader met proves nothing: say so
    [ "$drops" = 0 ] && [ "$baseline_drops" = 0 ] && bit=" (the limit never bit: no reader fell that far behind)"
    verdict output-buffer "pubsub limit 256kb, or 64kb for 1 s$bit, $messages messages (redis-benchmark, $(calc "$messages / $(cat "$work/burst.seconds")") msg/s): tail recorded $got, dropped by the server $drops time(s), outages $outages, exit $tail_status; redis-cli psubscribe got $baseline, dropped $baseline_drops time(s)"
}

# --- Who may connect, and how --------------------------------------------------------------------

case_wrong_password() {
    fresh_server --requirepass s3cret
    local url=redis://127.0.0.1:$port start status took_wrong took_none said_wrong said_none
    start=$(now)
    REDISCLI_AUTH=wrong timeout 15 "$cli" tail --url "$url" --output "$work/tail.jsonl" 2>"$work/wrong.err"
    status=$?
    took_wrong=$(calc "$(now) - $start")
    said_wrong=$(said "$work/wrong.err" 110)
    expect "a wrong password ends tail with status 1" "$status == 1"
    expect "… within 5 s" "$took_wrong <= 5"
    expect "… saying the password was refused" "$(grep -ciE 'password|WRONGPASS|auth' "$work/wrong.err") >= 1"
    start=$(now)
    timeout 15 "$cli" tail --url "$url" --output "$work/tail.jsonl" 2>"$work/none.err"
    local status_none=$?
    took_none=$(calc "$(now) - $start")
    said_none=$(said "$work/none.err" 110)
    expect "no password where one is needed ends tail with status 1 within 5 s" "$status_none == 1 && $took_none <= 5"
    expect "… saying a password is needed" "$(grep -ciE 'password|NOAUTH|auth' "$work/none.err") >= 1"
    verdict wrong-password "wrong: exit $status after ${took_wrong} s: \"$said_wrong\""
    printf '          %-15s none:  exit %s after %s s: "%s"\n' "" "$status_none" "$took_none" "$said_none"
}

case_password_in_url() {
    fresh_server --requirepass s3cret
    "$bytes" make sync100 "$work/sync.bin"
    "$cli" tail --url "redis://:s3cret@127.0.0.1:$port" --output "$work/tail.jsonl" 2>"$work/tail.err" &
    tail_pid=$!
    patterns_above 0 "$tail_pid"
    local cmdline
    cmdline=$(tr '\0' ' ' <"/proc/$tail_pid/cmdline" 2>/dev/null)
    "$bytes" publish "$port" "$work/sync.bin" "$server_password"
    wait_recorded 100 10
    stop_tail
    check_capture "$work/sync.bin"
    local visible warned
    visible=$(grep -c s3cret <<<"$cmdline")
    warned=$(grep -c 'REDISCLI_AUTH' "$work/tail.err")
    expect "the password is gone from /proc/PID/cmdline" "$visible == 0"
    expect "a warning that points to REDISCLI_AUTH" "$warned >= 1"
    expect "and it still works" "$received == 100 && $tail_status == 0"
    verdict password-in-url "--url redis://:s3cret@…: in /proc/PID/cmdline $([ "$visible" = 0 ] && echo no || echo yes); $received/100 recorded, exit $tail_status; tail said: \"$(said "$work/tail.err" 100)\""
}

# A user allowed only &sync.*, with tail's default subscriptions (all kinds).
case_acl() {
    fresh_server
    rcli acl setuser syncwatcher on '>pw' '~*' 'resetchannels' '&sync.*' +@all >/dev/null
    "$bytes" make sync100 "$work/sync.bin"
    local start status ran
    start=$(now)
    REDISCLI_AUTH=pw "$cli" tail --url "redis://syncwatcher@127.0.0.1:$port" --output "$work/tail.jsonl" \
        --duration 4 2>"$work/tail.err" &
    tail_pid=$!
    patterns_above 0 "$tail_pid" # sync.*, the one pattern allowed
    "$bytes" publish "$port" "$work/sync.bin"
    wait "$tail_pid"
    status=$?
    tail_pid=
    ran=$(calc "$(now) - $start")
    check_capture "$work/sync.bin"
    expect "the allowed sync.* recorded" "$received == 100 && $differing == 0"
    expect "refused patterns named" "$(grep -cE 'personal|changed_task|__general__' "$work/tail.err") >= 1"
    expect "ran its --duration 4 and exited 0" "$status == 0 && $ran >= 3.5"
    verdict acl "user allowed only &sync.*: $received/100 sync recorded; ran ${ran} s of --duration 4, exit $status; tail said: \"$(said "$work/tail.err" 110)\""
}

case_tls_plain() {
    fresh_server
    local start first status
    start=$(now)
    "$cli" tail --url "rediss://127.0.0.1:$port" --duration 3 >"$work/out" 2>"$work/tail.err" &
    local pid=$!
    until [ -s "$work/tail.err" ] || ! kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    first=$(calc "$(now) - $start")
    wait "$pid"
    status=$?
    expect "says within 2 s" "$first <= 2"
    expect "that TLS failed" "$(grep -ciE 'tls|ssl|handshake' "$work/tail.err") >= 1"
    expect "a tail that never connected exits 1" "$status == 1"
    verdict tls-plain "rediss:// to a plain port: first words after ${first} s, exit $status: \"$(said "$work/tail.err" 110)\""
}

# replay with nothing to publish ends at once and says why: 1 when no line was a capture line, 0
# when the file was read and nothing matched.
case_replay() {
    fresh_server
    : >"$work/empty.jsonl"
    head -c 3000 /dev/urandom | base64 >"$work/garbage.jsonl"
    printf '{"outage":{"began":"2026-11-27T09:00:00.000Z","ended":"2026-11-27T09:00:01.000Z","duration_ms":1000,"reason":"x"}}\n' >"$work/outages.jsonl"
    printf '{"channel":"sync.alice","pattern":null,"received":"2026-11-27T09:00:00.000Z","data":"{}"}\n' >"$work/one.jsonl"
    local file args start status took seen=()
    for file in "empty.jsonl 1" "garbage.jsonl 1" "outages.jsonl 0" "one.jsonl 0 --user nobody-here"; do
        args=($file)
        start=$(now)
        timeout 30 "$cli" replay "$work/${args[0]}" "${args[@]:2}" --url "redis://127.0.0.1:$port" >/dev/null 2>"$work/replay.err"
        status=$?
        took=$(calc "$(now) - $start")
        expect "${args[0]} ${args[*]:2}: exit ${args[1]} within 5 s, saying why" "$status == ${args[1]} && $took <= 5 && $(grep -c . "$work/replay.err") >= 1"
        seen+=("${args[0]}${args[2]:+ ${args[*]:2}}: exit $status after ${took} s")
    done
    verdict replay "$(IFS=';'; echo "${seen[*]}" | sed 's/;/; /g'); last said: \"$(said "$work/replay.err" 90)\""
}

echo "busmon-cli: $cli; window: $gui on a private Xvfb ($DISPLAY); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${cases[@]}"; do
    declare -F "case_${name//-/_}" >/dev/null || { echo "unknown case $name" >&2; exit 2; }
done
started_all=$SECONDS
for name in "${cases[@]}"; do
    "case_${name//-/_}"
done
echo "$((verdicts - failures)) of $verdicts held ($failures not), ${#cases[@]} cases in $((SECONDS - started_all)) s"
[ "$failures" -eq 0 ]
