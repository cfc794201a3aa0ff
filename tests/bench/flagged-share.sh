#!/bin/bash
# The share of a realistic mix that busmon flags as departing from the catalogue: `busmon-cli
# simulate` (upstream's shapes and both formats) published to a private redis-server, recorded by
# `busmon-cli tail`, problems counted per kind. Real-app traffic should come out at 0%.
#
#   tests/bench/flagged-share.sh BUILD [CHECKER_BUILD] [MESSAGES] [SEED]
#
# BUILD's busmon-cli simulates; CHECKER_BUILD's (default: the same) records and checks, so an older
# build can be judged on today's traffic (the "before" figure).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
simulator=$(realpath "${1:?usage: $0 BUILD [CHECKER_BUILD] [MESSAGES] [SEED]}")/app/cli/busmon-cli
checker=$(realpath "${2:-$1}")/app/cli/busmon-cli
messages=${3:-20000}
seed=${4:-1}
# shellcheck source=burst-common.sh
source "$here/burst-common.sh"

start_private_redis
trap stop_private_redis EXIT
"$checker" tail --url "redis://127.0.0.1:$port" --count "$messages" --output "$work/mix.jsonl" 2>"$work/tail.err" &
tail_pid=$!
wait_for_patterns 8
"$simulator" simulate --url "redis://127.0.0.1:$port" --rate 0 --count "$messages" --seed "$seed" 2>/dev/null
wait "$tail_pid"

python3 - "$work/mix.jsonl" "$simulator" "$checker" <<'PY'
import collections, json, sys
total, flagged = collections.Counter(), collections.Counter()
problems = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    if "outage" in record:
        continue
    total[record["kind"]] += 1
    if record["problems"]:
        flagged[record["kind"]] += 1
        for problem in record["problems"]:
            problems[problem.split(":")[0]] += 1
print(f"simulated by {sys.argv[2]}\nchecked by   {sys.argv[3]}")
for kind in sorted(total):
    print(f"  {kind:24} {flagged[kind]:6} of {total[kind]:6} flagged ({100.0 * flagged[kind] / total[kind]:5.1f}%)")
all_total, all_flagged = sum(total.values()), sum(flagged.values())
print(f"  {'all':24} {all_flagged:6} of {all_total:6} flagged ({100.0 * all_flagged / all_total:5.1f}%)")
for field, count in problems.most_common(6):
    print(f"    {count:6} problems about {field}")
PY
