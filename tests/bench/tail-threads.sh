#!/usr/bin/env bash
# Scenario: tail-burst.sh's burst (1,000,000 sync-shaped messages by redis-benchmark into a private
# redis-server) read by `busmon-cli tail`, with the CPU time of each of its threads (ns on a CPU, from
# /proc/PID/task/*/schedstat) when the burst ends and when the last line is written: where tail's time
# goes, thread by thread, which the wall-clock comparison of tail-burst.sh cannot tell apart on a busy
# machine. Given two busmon-cli programs, they take turns round after round, so that a change can be
# judged against the program before it in the same run.
#
#   tests/bench/tail-threads.sh ROUNDS CLI [CLI2] [messages]
set -euo pipefail
rounds=${1:?rounds}
clis=("${2:?busmon-cli}")
[ -n "${3:-}" ] && clis+=("$3")
messages=${4:-1000000}

source "$(dirname "$0")/burst-common.sh"
start_private_redis
trap stop_private_redis EXIT

# "thread=ms thread=ms …" for each thread of process $1.
thread_cpu() {
    local task
    for task in /proc/"$1"/task/*; do
        printf '%s=%d ' "$(tr ' ' _ <"$task/comm")" $(($(cut -d' ' -f1 "$task/schedstat") / 1000000))
    done
}

for round in $(seq 1 "$rounds"); do
    for cli in "${clis[@]}"; do
        output=$work/threads.jsonl
        # More than the burst: tail must still be running when its last line is written.
        "$cli" tail --url "redis://127.0.0.1:$port" --pattern 'sync.*' --count $((messages + 1)) \
            --output "$output" 2>/dev/null &
        pid=$!
        wait_for_patterns 1
        began=$(date +%s.%N)
        burst
        burst_end=$(date +%s.%N)
        at_burst_end=$(thread_cpu "$pid")
        lines_then=$(wc -l <"$output")
        # Every line of this burst has the same length: the file is complete at messages times it.
        line_bytes=$(head -n 1 "$output" | wc -c)
        until [ "$(stat -c %s "$output")" -ge $((messages * line_bytes)) ]; do sleep 0.01; done
        written=$(date +%s.%N)
        at_end=$(thread_cpu "$pid")
        kill -INT "$pid"
        wait "$pid" || true
        rm -f "$output"
        awk -v c="$cli" -v r="$round" -v b="$(echo "$burst_end - $began" | bc)" -v w="$(echo "$written - $began" | bc)" \
            -v l="$lines_then" -v n="$messages" 'BEGIN {
                printf "round %d %s: burst %.2f s, %d of %d lines written at its end, all after %.2f s\n", r, c, b, l, n, w }'
        echo "  CPU ms at the burst's end: $at_burst_end"
        echo "  CPU ms at the last line:   $at_end"
    done
done
