#!/usr/bin/env bash
# Lambda proxy round trip: a client calling Lambda's Invoke itself (`direct`) vs a client calling
# a REST API whose AWS_PROXY integration invokes the function (`gateway`: the event built, the
# call SigV4-signed, the answer read as a proxy response), in one run, interleaved.
#
#   bench/setup.sh && bench/lambda.sh
#
# The "Lambda" is the bench's nginx backend (127.0.0.1:18081) answering every request, Invoke's
# `POST /2015-03-31/functions/bench/invocations` included, with a fixed proxy response
# {"statusCode":200,"body":"ok"} (a Python double would measure Python, not the gateway).
# Portcullis (data 18083, one event loop) serves bench/lambda-api.yaml with
# AWS_ENDPOINT_URL_LAMBDA pointing at it. Portcullis and nginx share CPU 0, wrk runs on CPU 1;
# `direct` POSTs a 1 KB event (what the gateway sends is about that size) to the Invoke path.
# CPU time is read from /proc/PID/stat per window. Writes bench/results/lambda.md.
#
# Environment (all optional): PORTCULLIS, WARMUP (3), DURATION (10), ROUNDS (3), CONNECTIONS (32).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARMUP=${WARMUP:-3}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
BACKEND_BODY='{"statusCode":200,"body":"ok"}' # what the "function" answers (read by nginx_conf)
INVOKE_PATH=/2015-03-31/functions/bench/invocations

require nginx wrk taskset curl python3
ensure_portcullis
check_ports_free "$BACKEND_PORT" "$PORTCULLIS_PORT"

start_nginx backend "$BACKEND_PORT"
PORTCULLIS_THREADS=1 PORTCULLIS_LOG_LEVEL=error PORTCULLIS_ACCOUNT_RATE_LIMIT=1000000 PORTCULLIS_ACCOUNT_BURST_LIMIT=50000 \
    AWS_ENDPOINT_URL_LAMBDA="http://$HOST:$BACKEND_PORT" AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret \
    AWS_REGION=us-east-1 taskset -c "$SERVER_CPU" \
    "$PORTCULLIS" serve "$BENCH_DIR/lambda-api.yaml" --listen "$HOST:$PORTCULLIS_PORT" --stage bench \
    >"$WORK/portcullis.log" 2>&1 &
PID[portcullis]=$!
STARTED+=("${PID[portcullis]}")
CPU_PIDS[portcullis]=${PID[portcullis]}
wait_ready "http://$HOST:$PORTCULLIS_PORT/bench/anything" "${PID[portcullis]}"

url_of() {
    case $1 in
        direct) echo "http://$HOST:$BACKEND_PORT$INVOKE_PATH" ;;
        gateway) echo "http://$HOST:$PORTCULLIS_PORT/bench/orders/42?verbose=1" ;;
        *) die "unknown target $1" ;;
    esac
}
# `direct` sends Invoke's request: POST, JSON, a proxy event of about the gateway's size.
python3 - "$WORK/direct.lua" <<'PY'
import json, sys
event = {"resource": "/{proxy+}", "path": "/orders/42", "httpMethod": "GET",
         "headers": {"Host": "127.0.0.1:18083", "User-Agent": "wrk", "X-Amzn-Trace-Id": "Root=1-00000000-000000000000000000000000"},
         "multiValueHeaders": {"Host": ["127.0.0.1:18083"], "User-Agent": ["wrk"]},
         "queryStringParameters": {"verbose": "1"}, "multiValueQueryStringParameters": {"verbose": ["1"]},
         "pathParameters": {"proxy": "orders/42"}, "stageVariables": None,
         "requestContext": {"resourceId": "r1", "resourcePath": "/{proxy+}", "httpMethod": "GET", "path": "/bench/orders/42",
                            "accountId": "123456789012", "protocol": "HTTP/1.1", "stage": "bench", "domainPrefix": "127",
                            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "extendedRequestId": "c6af9ac67b6111e6=",
                            "requestTime": "07/Dec/2026:08:00:00 +0000", "requestTimeEpoch": 1796630400000,
                            "identity": {"sourceIp": "127.0.0.1", "userAgent": "wrk"}, "domainName": "127.0.0.1",
                            "deploymentId": "d1", "apiId": "a1"},
         "body": None, "isBase64Encoded": False}
body = json.dumps(event).replace("\\", "\\\\").replace('"', '\\"')
open(sys.argv[1], "w").write(f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = "{body}"\n')
PY
WRK_SCRIPT[direct]=$WORK/direct.lua

check() { # TARGET EXPECTED-BODY
    local body
    for _ in $(seq 1 50); do
        if [[ $1 == direct ]]; then
            body=$(curl -s --max-time 2 -X POST -H 'Content-Type: application/json' -d '{}' "$(url_of direct)" || true)
        else
            body=$(curl -s --max-time 2 "$(url_of gateway)" || true)
        fi
        [[ $body == "$2" ]] && { log "check ok: $1 -> $body"; return 0; }
        sleep 0.1
    done
    die "$1 answered '$body', not '$2'"
}
check direct "$BACKEND_BODY"
check gateway ok

proxy_key() { case $1 in gateway) echo portcullis ;; *) echo "" ;; esac; }
warm_up direct gateway
measure_rounds "$WORK/rounds.tsv" direct gateway

mkdir -p "$RESULTS_DIR"
python3 - "$BENCH_DIR" "$WORK/rounds.tsv" "$(getconf CLK_TCK)" "$RESULTS_DIR/lambda.md" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from summarize import latency_cpu_table
lines = latency_cpu_table(sys.argv[2], int(sys.argv[3]), "Lambda double (nginx)", ('gateway',))
open(sys.argv[4], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
log "wrote $RESULTS_DIR/lambda.md"
