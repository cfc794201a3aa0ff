#!/usr/bin/env bash
# Scenario: a one-million-message burst of sync-shaped messages (about 335 bytes of JSON), published
# by redis-benchmark as fast as a private redis-server (default limits) takes them, read once by
# `busmon-cli tail` and once, as the baseline in the same run, by `redis-cli psubscribe`.
# Prints, for each reader: messages received out of sent, how often Redis dropped the reader for
# "overcoming of output buffer limits", wall time, messages/s and peak RSS.
#
#   tests/bench/tail-burst.sh [build-dir] [messages]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
messages=${2:-1000000}
cli=$build/app/cli/busmon-cli
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 1; }

work=$(mktemp -d)
free_port() {
    local candidate
    while candidate=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; do :; done
    echo "$candidate"
}
port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    --logfile "$work/redis.log" --daemonize yes --pidfile "$work/redis.pid"
cleanup() { redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done

payload='{"action": "sync", "username": "alice", "org": "inthe_am", "client": "tw 2.6.2", "ip": "203.0.113.7", "port": 53122, "client_key": "6c1e3a5e-2f0b-4c1d-9a7e-3f5b2d8c9e10", "record_count": 42, "branch_point": "5b7d9e2a1c3f", "branch_record_count": 40, "delta_count": 2, "stored_count": 1, "merged_count": 1, "service_duration": 0.142}'

disconnects() { grep -c "overcoming of output buffer limits" "$work/redis.log" || true; }

wait_for_patterns() {
    until [ "$(redis-cli -p "$port" pubsub numpat)" = "$1" ]; do sleep 0.05; done
}

burst() {
    local began ended
    began=$(date +%s.%N)
    redis-benchmark -p "$port" -n "$messages" -P 32 -c 4 -q PUBLISH sync.alice "$payload" >/dev/null
    ended=$(date +%s.%N)
    echo "$ended - $began" | bc >"$work/burst.seconds"
}

report() { # name received seconds rss_kib disconnects
    awk -v n="$1" -v r="$2" -v sent="$messages" -v s="$3" -v rss="$4" -v d="$5" -v b="$(cat "$work/burst.seconds")" 'BEGIN {
        printf "%-22s received %8d / %d  (%5.1f%%)  output-buffer disconnects %d  burst published at %7.0f msg/s  read in %6.2f s  %7.0f msg/s  peak RSS %5.0f MiB\n",
               n, r, sent, 100.0 * r / sent, d, sent / b, s, (s > 0 ? r / s : 0), rss / 1024 }'
}

echo "payload: ${#payload} bytes; burst: redis-benchmark -n $messages -P 32 -c 4 PUBLISH sync.alice <payload>"

# busmon-cli tail
before=$(disconnects)
start=$(date +%s.%N)
/usr/bin/time -f %M -o "$work/tail.rss" "$cli" tail --url "redis://127.0.0.1:$port" --pattern 'sync.*' \
    --count "$messages" --output "$work/tail.jsonl" 2>"$work/tail.err" &
tail_pid=$!
wait_for_patterns 1
burst
# tail stops by itself at --count; if messages were lost it would wait forever, so bound it.
for _ in $(seq 1 600); do kill -0 "$tail_pid" 2>/dev/null || break; sleep 0.1; done
pkill -INT -P "$tail_pid" 2>/dev/null || true   # /usr/bin/time ignores SIGINT; its child does not
wait "$tail_pid" || true
end=$(date +%s.%N)
received=$(wc -l <"$work/tail.jsonl")
report "busmon-cli tail" "$received" "$(echo "$end - $start" | bc)" "$(tail -n 1 "$work/tail.rss")" $(($(disconnects) - before))

# baseline: redis-cli psubscribe on the same burst
before=$(disconnects)
start=$(date +%s.%N)
/usr/bin/time -f %M -o "$work/cli.rss" redis-cli -p "$port" psubscribe 'sync.*' >"$work/cli.out" 2>/dev/null &
cli_pid=$!
wait_for_patterns 1
burst
# redis-cli never stops by itself: its end is when its output last grew (or Redis dropped it).
last=-1
end=$(date +%s.%N)
while size=$(stat -c %s "$work/cli.out"); [ "$size" != "$last" ]; do
    [ "$size" != "$last" ] && end=$(date +%s.%N)
    last=$size
    sleep 1
done
pkill -TERM -P "$cli_pid" 2>/dev/null || true   # redis-cli ignores SIGINT without a terminal
wait "$cli_pid" 2>/dev/null || true
received=$(grep -c '^{"action": "sync"' "$work/cli.out" || true)
report "redis-cli psubscribe" "$received" "$(echo "$end - $start" | bc)" "$(tail -n 1 "$work/cli.rss" 2>/dev/null || echo 0)" $(($(disconnects) - before))
