#!/usr/bin/env bash
# Counts the system calls and wake-ups the proxy makes per proxied request, for nginx (reverse
# proxy) and Portcullis (HTTP_PROXY) on the same load, with `strace -c -f` attached to each proxy
# while wrk sends a fixed-length load. Prints one table per proxy: calls per request, by syscall.
# epoll_wait returns are the event-loop wake-ups.
#
#   bench/setup.sh && bench/syscalls.sh
#
# strace slows the traced process a lot, so the figures are counts, never times. Environment:
# PORTCULLIS (binary, default .build/release/portcullis), SYSCALL_SECONDS (load per proxy,
# default 5), CONNECTIONS (wrk connections, default 32), SERVER_CPU / CLIENT_CPU as bench/run.sh.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SYSCALL_SECONDS=${SYSCALL_SECONDS:-5}
require nginx wrk taskset curl python3 strace
ensure_portcullis
check_ports_free "$BACKEND_PORT" "$NGINX_PORT" "$PORTCULLIS_PORT"

start_nginx backend "$BACKEND_PORT"
start_nginx proxy "$NGINX_PORT"
start_portcullis
for target in nginx portcullis; do check_body "$(url_of "$target")"; done

mkdir -p "$RESULTS_DIR"
out=$RESULTS_DIR/syscalls.md
: >"$out"
for target in nginx portcullis; do
    key=$target
    [[ $target == nginx ]] && key=proxy
    pids=()
    for pid in ${CPU_PIDS[$key]}; do pids+=(-p "$pid"); done
    # warm up (pools, connections) without tracing
    run_wrk "$target" 2 "$WORK/$target-warm.txt"
    strace -c -f -qq "${pids[@]}" -o "$WORK/$target-strace.txt" &
    tracer=$!
    STARTED+=("$tracer")
    sleep 1
    run_wrk "$target" "$SYSCALL_SECONDS" "$WORK/$target-wrk.txt"
    kill -INT "$tracer"
    wait "$tracer" || true
    requests=$(grep -Eo '^ *[0-9]+ requests in' "$WORK/$target-wrk.txt" | grep -Eo '[0-9]+')
    python3 - "$target" "$requests" "$WORK/$target-strace.txt" >>"$out" <<'PY'
import sys
target, requests, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = []
for line in open(path):
    parts = line.split()
    if len(parts) >= 5 and parts[-1] not in ("syscall", "total") and parts[0][0].isdigit():
        calls = int(parts[3]); name = parts[-1]
        rows.append((calls, name))
rows.sort(reverse=True)
total = sum(calls for calls, _ in rows)
print(f"### {target}: {requests} requests, {total / requests:.2f} syscalls per request\n")
print("| syscall | calls | per request |")
print("|---|---:|---:|")
for calls, name in rows:
    if calls / requests >= 0.01:
        print(f"| {name} | {calls} | {calls / requests:.2f} |")
print()
PY
done
cat "$out"
