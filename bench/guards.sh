#!/usr/bin/env bash
# What the guards cost: CPU per request of Portcullis proxying to the nginx backend, the same
# requests (the same headers, token and key included) to the same REST API without and with a
# Cognito user pool authorizer (the JWT verification of
# TokenAuthorizerPhase), a required API key (among 10,000 in the usage plan) and the plan's
# per-key throttle; then the accuracy of that throttle under sustained load.
#
#   bench/setup.sh && bench/guards.sh
#
# Starts, on 127.0.0.1 only: the nginx backend (18081), Portcullis (data 18083, management 18084,
# one event loop), a static server publishing the user pool's key set (18085). Portcullis and the
# backend share CPU 0, wrk runs on CPU 1. `open` and `guarded` are measured in one run,
# interleaved; CPU time is read from /proc/PID/stat per window. Writes bench/results/guards.md.
#
# Environment (all optional): PORTCULLIS, WARMUP (3), DURATION (10), ROUNDS (3), CONNECTIONS (32),
# RATE (the per-key throttle measured for accuracy, requests a second; default 2000).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARMUP=${WARMUP:-3}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
RATE=${RATE:-2000}
MANAGEMENT_PORT=18084
POOL_PORT=18085

require nginx wrk taskset curl python3
ensure_portcullis
check_ports_free "$BACKEND_PORT" "$PORTCULLIS_PORT" "$MANAGEMENT_PORT" "$POOL_PORT"

start_nginx backend "$BACKEND_PORT"
mkdir -p "$WORK/pool"
taskset -c "$CLIENT_CPU" python3 -m http.server "$POOL_PORT" --bind "$HOST" --directory "$WORK/pool" \
    >"$WORK/pool.log" 2>&1 &
STARTED+=("$!")
PORTCULLIS_THREADS=1 PORTCULLIS_LOG_LEVEL=error PORTCULLIS_ACCOUNT_RATE_LIMIT=1000000 PORTCULLIS_ACCOUNT_BURST_LIMIT=50000 \
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER="http://$HOST:$POOL_PORT" taskset -c "$SERVER_CPU" \
    "$PORTCULLIS" serve --listen "$HOST:$PORTCULLIS_PORT" --management-listen "$HOST:$MANAGEMENT_PORT" \
    --store "$WORK/store.sqlite" >"$WORK/portcullis.log" 2>&1 &
PID[portcullis]=$!
STARTED+=("${PID[portcullis]}")
CPU_PIDS[portcullis]=${PID[portcullis]}
wait_ready "http://$HOST:$PORTCULLIS_PORT/" "${PID[portcullis]}"

log "creating the APIs, the plan and 10,000 keys"
setup=$(python3 "$BENCH_DIR/guards_setup.py" --management "http://$HOST:$MANAGEMENT_PORT" \
    --backend "$HOST:$BACKEND_PORT" --pool-dir "$WORK/pool")
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$setup" "$1"; }
OPEN_HOST=$(field open)
GUARDED_HOST=$(field guarded)
TOKEN=$(field token)
API_KEY=$(field apiKey)
PLAN_ID=$(field planId)

lua() { # FILE HOST [AUTHORIZATION KEY]: a wrk script setting the request headers
    {
        echo "wrk.headers[\"Host\"] = \"$2\""
        if [[ $# -gt 2 ]]; then
            echo "wrk.headers[\"Authorization\"] = \"$3\""
            echo "wrk.headers[\"x-api-key\"] = \"$4\""
        fi
    } >"$1"
}
# The open API gets the same headers (unchecked): the difference is the guards' work, not bytes.
lua "$WORK/open.lua" "$OPEN_HOST" "$TOKEN" "$API_KEY"
lua "$WORK/guarded.lua" "$GUARDED_HOST" "$TOKEN" "$API_KEY"
WRK_SCRIPT[open]=$WORK/open.lua
WRK_SCRIPT[guarded]=$WORK/guarded.lua

# Both must answer the backend's body (the deployments apply within a second).
for t in open guarded; do
    headers=(-H "Host: $OPEN_HOST")
    [[ $t == guarded ]] && headers=(-H "Host: $GUARDED_HOST" -H "Authorization: $TOKEN" -H "x-api-key: $API_KEY")
    wait_for_body "$t" "${headers[@]}"
done

proxy_key() { case $1 in open | guarded) echo portcullis ;; *) echo "" ;; esac; }
warm_up open guarded
measure_rounds "$WORK/rounds.tsv" open guarded

# --- throttle accuracy: the key's plan at RATE requests a second, offered far more ---------------
python3 - "$HOST:$MANAGEMENT_PORT" "$PLAN_ID" "$RATE" <<'PY'
import sys, boto3
client = boto3.client("apigateway", endpoint_url=f"http://{sys.argv[1]}", region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
client.update_usage_plan(usagePlanId=sys.argv[2], patchOperations=[
    {"op": "replace", "path": "/throttle/rateLimit", "value": sys.argv[3]},
    {"op": "replace", "path": "/throttle/burstLimit", "value": "1"}])
PY
sleep 1.5
ACCURACY=$WORK/accuracy.txt
timeout $((DURATION + 30)) taskset -c "$CLIENT_CPU" wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${DURATION}s" \
    -s "$WORK/guarded.lua" "$(url_of guarded)" >"$ACCURACY" 2>&1 || die "wrk (accuracy) failed"

mkdir -p "$RESULTS_DIR"
python3 - "$BENCH_DIR" "$WORK/rounds.tsv" "$ACCURACY" "$RATE" "$DURATION" "$(getconf CLK_TCK)" "$RESULTS_DIR/guards.md" <<'PY'
import re, sys
sys.path.insert(0, sys.argv[1])
from summarize import proxy_cpu_table
rounds, accuracy, rate, duration, tck, out = sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
cpu, table = proxy_cpu_table(rounds, tck)
text = open(accuracy).read()
total = int(re.search(r"(\d+) requests in", text).group(1))
refused = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses:\s*(\d+)", text)) else 0
served = (total - refused) / duration
lines = [
    *table,
    "",
    f"Guards (Cognito JWT from the verified-token cache + API key among 10,000 + usage-plan throttle): "
    f"{cpu['guarded'] - cpu['open']:+.1f} µs CPU per request, {100 * (cpu['guarded'] - cpu['open']) / cpu['guarded']:.1f} % of a guarded request's CPU.",
    "",
    f"Throttle accuracy: per-key rate {rate:.0f}/s, burst 1, offered {total / duration:.0f}/s for {duration:.0f} s: "
    f"served {served:.0f}/s ({100 * (served - rate) / rate:+.1f} % from the configured rate), {refused} answered 429.",
]
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
log "wrote $RESULTS_DIR/guards.md"
