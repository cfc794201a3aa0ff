#!/usr/bin/env bash
# Scenario: what reading a burst costs a reader, without the burst's publisher competing for the
# CPU. tail-burst.sh times a reader while redis-benchmark publishes beside it, so on a small machine
# every CPU-second the reader takes slows the burst, and the figure swings with the machine's load.
# Here the reader is stopped (SIGSTOP) while the burst is published, the messages wait in Redis's
# output buffer for it (the private server's pubsub limit is lifted), and then it drains them with
# only redis-server writing. Printed for `busmon-cli tail --output FILE` and the bare hiredis loop
# (bare_hiredis_reader, the physical limit of tail-burst.sh), taking turns for `rounds` rounds: the
# CPU time (user + system) and the wall time from SIGCONT to the last message, and their medians.
# Given a second busmon-cli (OTHER_CLI=path), it takes its turn too, to judge a change in one run.
#
#   tests/bench/tail-backlog.sh [build-dir] [messages] [rounds]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
messages=${2:-1000000}
rounds=${3:-5}
cli=$build/app/cli/busmon-cli
bare=$build/tests/bench/bare_hiredis_reader
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 1; }
[ -x "$bare" ] || { echo "no $bare: build the bare_hiredis_reader target first" >&2; exit 1; }
readers=("$cli" bare)
[ -n "${OTHER_CLI:-}" ] && readers+=("$OTHER_CLI")

source "$(dirname "$0")/burst-common.sh"
start_private_redis
trap stop_private_redis EXIT
redis-cli -p "$port" config set client-output-buffer-limit "pubsub 0 0 0" >/dev/null

# Starts reader $1 on the burst's pattern, writing to $work/out; sets $pid (the reader itself).
start_reader() {
    if [ "$1" = bare ]; then
        /usr/bin/time -f "%U %S" -o "$work/cpu" "$bare" "$port" 'sync.*' "$messages" "$work/out" >/dev/null &
    else
        /usr/bin/time -f "%U %S" -o "$work/cpu" "$1" tail --url "redis://127.0.0.1:$port" --pattern 'sync.*' \
            --count "$messages" --output "$work/out" 2>/dev/null &
    fi
    local timer=$!
    wait_for_patterns 1
    pid=$(pgrep -P "$timer")
}

echo "payload: ${#payload} bytes; backlog: redis-benchmark -n $messages -P 32 -c 4 PUBLISH sync.alice <payload>, read after it"
results=$work/results
for round in $(seq 1 "$rounds"); do
    for reader in "${readers[@]}"; do
        start_reader "$reader"
        kill -STOP "$pid"
        burst
        began=$(date +%s.%N)
        kill -CONT "$pid"
        while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
        ended=$(date +%s.%N)
        wait || true
        received=$(wc -l <"$work/out")
        rm -f "$work/out"
        name=$([ "$reader" = bare ] && echo "bare hiredis loop" || echo "$reader")
        read -r user system <"$work/cpu"
        echo "$name $received $(echo "$ended - $began" | bc) $user $system" >>"$results"
        awk -v n="$name" -v r="$received" -v m="$messages" -v w="$(echo "$ended - $began" | bc)" -v u="$user" -v s="$system" \
            -v round="$round" 'BEGIN { printf "round %d  %-34s received %d / %d  drained in %5.2f s  CPU %5.2f s (user %.2f, system %.2f)\n", round, n, r, m, w, u + s, u, s }'
    done
done
echo "medians over $rounds rounds:"
for reader in "${readers[@]}"; do
    name=$([ "$reader" = bare ] && echo "bare hiredis loop" || echo "$reader")
    grep -F "$name " "$results" | awk -v n="$name" -v m="$messages" '{ w[NR] = $(NF-2); c[NR] = $(NF-1) + $NF; ok += ($(NF-3) == m) }
        END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) { if (w[j] < w[i]) { t = w[i]; w[i] = w[j]; w[j] = t } if (c[j] < c[i]) { t = c[i]; c[i] = c[j]; c[j] = t } }
              k = int((NR + 1) / 2); printf "  %-34s drained in %5.2f s (%7.0f msg/s), CPU %5.2f s (%.2f us a message), %d of %d rounds complete\n", n, w[k], m / w[k], c[k], c[k] * 1e6 / m, ok, NR }'
done
