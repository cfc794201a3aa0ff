# Shared by the burst scenarios (sourced, not run): a private redis-server with default limits, the
# sync-shaped payload of about 335 bytes, the burst itself, and `busmon-cli tail` reading it.
# Expects $messages and $cli to be set by the sourcing script.

free_port() {
    local candidate
    while candidate=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; do :; done
    echo "$candidate"
}

# Sets $work (a temporary folder holding the server's log) and $port. Another program may take the
# port between free_port and the bind: then the server ends at once, and another port is tried.
start_private_redis() {
    local attempt deadline
    work=$(mktemp -d)
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        rm -f "$work/redis.log"
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
            --logfile "$work/redis.log" --daemonize yes --pidfile "$work/redis.pid"
        deadline=$((SECONDS + 10))
        # Ours is ready when its own log says so (a server of someone else's may answer on the port).
        until grep -q "Ready to accept connections" "$work/redis.log" 2>/dev/null; do
            grep -q "Could not create server TCP listening socket" "$work/redis.log" 2>/dev/null && break
            [ "$SECONDS" -lt "$deadline" ] || break
            sleep 0.1
        done
        grep -q "Ready to accept connections" "$work/redis.log" 2>/dev/null && return 0
        # A server of ours still starting when the deadline passed must not outlive the script.
        [ -s "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null
        rm -f "$work/redis.pid"
    done
    echo "could not start a private redis-server (attempt $attempt): $(tail -n 3 "$work/redis.log" 2>/dev/null)" >&2
    exit 1
}

stop_private_redis() {
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$work"
}

# For a script that starts the window (its pid in $gui_pid, empty when none): on exit, the window and
# the private server both go.
stop_window_and_redis() {
    [ -n "${gui_pid:-}" ] && kill "$gui_pid" 2>/dev/null && wait "$gui_pid" 2>/dev/null
    stop_private_redis
}

payload='{"action": "sync", "username": "alice", "org": "inthe_am", "client": "tw 2.6.2", "ip": "203.0.113.7", "port": 53122, "client_key": "6c1e3a5e-2f0b-4c1d-9a7e-3f5b2d8c9e10", "record_count": 42, "branch_point": "5b7d9e2a1c3f", "branch_record_count": 40, "delta_count": 2, "stored_count": 1, "merged_count": 1, "service_duration": 0.142}'

disconnects() { grep -c "overcoming of output buffer limits" "$work/redis.log" || true; }
numpat() { redis-cli -p "$port" pubsub numpat; }
wait_for_patterns() { until [ "$(numpat)" = "$1" ]; do sleep 0.05; done; }

# Publishes the burst and writes how long it took to $work/burst.seconds.
burst() {
    local began ended
    began=$(date +%s.%N)
    redis-benchmark -p "$port" -n "$messages" -P 32 -c 4 -q PUBLISH sync.alice "$payload" >/dev/null
    ended=$(date +%s.%N)
    echo "$ended - $began" | bc >"$work/burst.seconds"
}

report() { # name received seconds rss_kib disconnects; sets $last_rate (messages/s)
    last_rate=$(awk -v r="$2" -v s="$3" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
    awk -v n="$1" -v r="$2" -v sent="$messages" -v s="$3" -v rss="$4" -v d="$5" -v b="$(cat "$work/burst.seconds")" 'BEGIN {
        printf "%-22s received %8d / %d  (%5.1f%%)  output-buffer disconnects %d  burst published at %7.0f msg/s  read in %6.2f s  %7.0f msg/s  peak RSS %5.0f MiB\n",
               n, r, sent, 100.0 * r / sent, d, sent / b, s, (s > 0 ? r / s : 0), rss / 1024 }'
}

# busmon-cli tail on one burst: the reader every other figure is compared with.
measure_tail() {
    local before start end tail_pid received
    before=$(disconnects)
    start=$(date +%s.%N)
    /usr/bin/time -f %M -o "$work/tail.rss" "$cli" tail --url "redis://127.0.0.1:$port" --pattern 'sync.*' \
        --count "$messages" --output "$work/tail.jsonl" 2>"$work/tail.err" &
    tail_pid=$!
    wait_for_patterns 1
    burst
    # tail stops by itself at --count; if messages were lost it would wait forever, so bound it.
    for _ in $(seq 1 600); do kill -0 "$tail_pid" 2>/dev/null || break; sleep 0.1; done
    pkill -INT -P "$tail_pid" 2>/dev/null || true # /usr/bin/time ignores SIGINT; its child does not
    wait "$tail_pid" || true
    end=$(date +%s.%N)
    received=$(wc -l <"$work/tail.jsonl")
    report "busmon-cli tail" "$received" "$(echo "$end - $start" | bc)" "$(tail -n 1 "$work/tail.rss")" \
        $(($(disconnects) - before))
}
