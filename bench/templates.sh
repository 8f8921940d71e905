#!/usr/bin/env bash
# What a Velocity mapping template costs: CPU per request of the same methods answering with a
# static template and with a typical VTL one (bench/templates-api.yaml), measured side by side in
# one run, interleaved:
#   mock-static / mock-vtl   MOCK; the VTL pair renders a request template choosing the status
#                            (#if) and a response template reading $input.params, $context,
#                            $util.escapeJavaScript and a #foreach
#   http-static / http-vtl   HTTP (non-proxy) to the nginx backend; the VTL response template
#                            reads the backend's JSON with $input.path
#
#   bench/setup.sh && bench/templates.sh
#
# Starts, on 127.0.0.1 only: the nginx backend (18081) and Portcullis (18083, one event loop),
# both on CPU 0; wrk runs on CPU 1. Writes bench/results/templates.md.
#
# Environment (all optional): PORTCULLIS, WARMUP (3), DURATION (10), ROUNDS (3), CONNECTIONS (32).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WARMUP=${WARMUP:-3}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
TARGETS=(mock-static mock-vtl http-static http-vtl)

require nginx wrk taskset curl python3
ensure_portcullis
check_ports_free "$BACKEND_PORT" "$PORTCULLIS_PORT"

start_nginx backend "$BACKEND_PORT"
PORTCULLIS_THREADS=1 PORTCULLIS_LOG_LEVEL=error PORTCULLIS_ACCOUNT_RATE_LIMIT=1000000 PORTCULLIS_ACCOUNT_BURST_LIMIT=50000 \
    taskset -c "$SERVER_CPU" "$PORTCULLIS" serve "$BENCH_DIR/templates-api.yaml" --listen "$HOST:$PORTCULLIS_PORT" \
    --stage bench --stage-variable "backend=$HOST:$BACKEND_PORT" >"$WORK/portcullis.log" 2>&1 &
PID[portcullis]=$!
STARTED+=("${PID[portcullis]}")
CPU_PIDS[portcullis]=${PID[portcullis]}
wait_ready "http://$HOST:$PORTCULLIS_PORT/bench/mock-static" "${PID[portcullis]}"

for t in "${TARGETS[@]}"; do
    TARGET_URL[$t]="http://$HOST:$PORTCULLIS_PORT/bench/$t?q=hello"
    # Every target answers 200 with a JSON document (the VTL ones with this request's id).
    body=$(curl -s --max-time 5 -w '\n%{http_code}' "${TARGET_URL[$t]}")
    [[ ${body##*$'\n'} == 200 ]] || die "$t answered ${body##*$'\n'}: ${body%$'\n'*}"
    python3 -c 'import json,sys; json.loads(sys.argv[1])' "${body%$'\n'*}" || die "$t answered invalid JSON: ${body%$'\n'*}"
    log "check ok: $t -> 200 $(echo "${body%$'\n'*}" | tr -d ' \n' | cut -c1-100)"
done

proxy_key() { echo portcullis; }
warm_up "${TARGETS[@]}"
measure_rounds "$WORK/rounds.tsv" "${TARGETS[@]}"

mkdir -p "$RESULTS_DIR"
python3 - "$BENCH_DIR" "$WORK/rounds.tsv" "$(getconf CLK_TCK)" "$RESULTS_DIR/templates.md" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from summarize import proxy_cpu_table
rounds, tck, out = sys.argv[2], int(sys.argv[3]), sys.argv[4]
cpu, lines = proxy_cpu_table(rounds, tck)
lines.append("")
for kind in ("mock", "http"):
    static, vtl = cpu[f"{kind}-static"], cpu[f"{kind}-vtl"]
    lines.append(f"{kind.upper()}: VTL {vtl - static:+.1f} µs CPU per request over the static template "
                 f"(ratio {vtl / static:.2f}).")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
log "wrote $RESULTS_DIR/templates.md"
