#!/usr/bin/env bash
# What the REST stage cache saves: CPU per request and throughput of Portcullis answering GET
# /bench/anything through two REST APIs that differ only in the stage cache: `proxied` calls the
# nginx backend on every request (HTTP_PROXY, `/{proxy+}`), `cached` has `cacheClusterEnabled` and
# `*/*` caching on, so after the first request every one is a cache hit (no key parameters: one
# entry). Measured in one run, interleaved, as bench/guards.sh does.
#
#   bench/setup.sh && bench/cache.sh
#
# Starts, on 127.0.0.1 only: the nginx backend (18081) and Portcullis (data 18083, management
# 18084, one event loop), both on CPU 0; wrk on CPU 1. Writes bench/results/cache.md.
#
# Environment (all optional): PORTCULLIS, WARMUP (3), DURATION (10), ROUNDS (3), CONNECTIONS (32).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARMUP=${WARMUP:-3}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
MANAGEMENT_PORT=18084

require nginx wrk taskset curl python3
ensure_portcullis
check_ports_free "$BACKEND_PORT" "$PORTCULLIS_PORT" "$MANAGEMENT_PORT"

start_nginx backend "$BACKEND_PORT"
PORTCULLIS_THREADS=1 PORTCULLIS_LOG_LEVEL=error PORTCULLIS_ACCOUNT_RATE_LIMIT=1000000 PORTCULLIS_ACCOUNT_BURST_LIMIT=50000 \
    taskset -c "$SERVER_CPU" "$PORTCULLIS" serve --listen "$HOST:$PORTCULLIS_PORT" \
    --management-listen "$HOST:$MANAGEMENT_PORT" --store "$WORK/store.sqlite" >"$WORK/portcullis.log" 2>&1 &
PID[portcullis]=$!
STARTED+=("${PID[portcullis]}")
CPU_PIDS[portcullis]=${PID[portcullis]}
wait_ready "http://$HOST:$PORTCULLIS_PORT/" "${PID[portcullis]}"

log "creating the APIs"
hosts=$(python3 - "http://$HOST:$MANAGEMENT_PORT" "$HOST:$BACKEND_PORT" <<'PY'
import json, sys, boto3
client = boto3.client("apigateway", endpoint_url=sys.argv[1], region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
hosts = {}
for name in ("proxied", "cached"):
    api_id = client.create_rest_api(name=f"bench-{name}")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="{proxy+}")
    client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY", authorizationType="NONE",
                      requestParameters={"method.request.path.proxy": True})
    client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY", type="HTTP_PROXY",
                           integrationHttpMethod="ANY", uri=f"http://{sys.argv[2]}/{{proxy}}",
                           requestParameters={"integration.request.path.proxy": "method.request.path.proxy"})
    client.create_deployment(restApiId=api_id, stageName="bench")
    if name == "cached":
        client.update_stage(restApiId=api_id, stageName="bench", patchOperations=[
            {"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
            {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
            {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": "3600"},
            # Creating the */* method setting brings AWS's default method throttle (10,000/s),
            # which a cache hit outruns: raised, as the account throttle is.
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "1000000"},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "50000"}])
    hosts[name] = f"{api_id}.execute-api.us-east-1.amazonaws.com"
print(json.dumps(hosts))
PY
)
for t in proxied cached; do
    host=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$hosts" "$t")
    echo "wrk.headers[\"Host\"] = \"$host\"" >"$WORK/$t.lua"
    WRK_SCRIPT[$t]=$WORK/$t.lua
    wait_for_body "$t" -H "Host: $host"
done

proxy_key() { case $1 in proxied | cached) echo portcullis ;; *) echo "" ;; esac; }
warm_up proxied cached
measure_rounds "$WORK/rounds.tsv" proxied cached

mkdir -p "$RESULTS_DIR"
python3 - "$BENCH_DIR" "$WORK/rounds.tsv" "$(getconf CLK_TCK)" "$RESULTS_DIR/cache.md" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from summarize import latency_cpu_table
lines = latency_cpu_table(sys.argv[2], int(sys.argv[3]), "backend", ('proxied', 'cached'))
open(sys.argv[4], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
log "wrote $RESULTS_DIR/cache.md"
