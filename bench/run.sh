#!/usr/bin/env bash
# Side-by-side benchmark: nginx backend, nginx reverse proxy, Portcullis HTTP_PROXY.
#
#   bench/setup.sh && bench/run.sh
#
# Starts, on 127.0.0.1 only:
#   18081  nginx backend: every path answers 200 {"ok":true,"service":"backend"}
#   18082  nginx reverse proxy to the backend (upstream keepalive 64)
#   18083  Portcullis serving bench/proxy-api.yaml, stage `bench`, backend=127.0.0.1:18081
# The servers share CPU 0, wrk runs on CPU 1. The targets are measured in one run, interleaved
# (A B C A B C ...), and for each measured window the CPU time of the proxy and of the backend
# is read from /proc/PID/stat. Prints a table and writes it to bench/results/latest.md.
#
# Environment (all optional):
#   PORTCULLIS      binary to run (default .build/release/portcullis, built when missing)
#   BENCH_TARGETS   which targets, in order (default "backend nginx portcullis")
#   WARMUP          seconds of warm-up per target (default 3)
#   DURATION        seconds per measured window (default 10)
#   ROUNDS          measured rounds (default 3)
#   CONNECTIONS     wrk connections (default 32)
#   WRK_THREADS     wrk threads (default 1)
#   SERVER_CPU      CPU list for the servers (default 0)
#   CLIENT_CPU      CPU list for wrk (default 1)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_TARGETS=${BENCH_TARGETS:-"backend nginx portcullis"}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}

require nginx wrk taskset curl python3
for n in "$WARMUP" "$DURATION" "$ROUNDS" "$CONNECTIONS" "$WRK_THREADS"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "WARMUP, DURATION, ROUNDS, CONNECTIONS, WRK_THREADS must be positive integers"
done
for t in $BENCH_TARGETS; do
    case $t in backend|nginx|portcullis) ;; *) die "unknown target '$t' in BENCH_TARGETS" ;; esac
done
wants() { [[ " $BENCH_TARGETS " == *" $1 "* ]]; }

if wants portcullis; then ensure_portcullis; fi
check_ports_free "$BACKEND_PORT" "$NGINX_PORT" "$PORTCULLIS_PORT"

# --- start the servers on SERVER_CPU, check them ------------------------------------------------
start_nginx backend "$BACKEND_PORT"
if wants nginx; then start_nginx proxy "$NGINX_PORT"; fi
# shellcheck disable=SC2119 # no wrapper: Portcullis runs as itself
if wants portcullis; then start_portcullis; fi
for t in $BENCH_TARGETS; do check_body "$(url_of "$t")"; done

proxy_key() { case $1 in nginx) echo proxy ;; portcullis) echo portcullis ;; *) echo "" ;; esac; }

warm_up $BENCH_TARGETS
mkdir -p "$RESULTS_DIR"
ROUNDS_TSV=$RESULTS_DIR/latest-rounds.tsv
measure_rounds "$WORK/rounds.tsv" $BENCH_TARGETS

# --- summary ------------------------------------------------------------------------------------
MACHINE="$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), Linux $(uname -r)"
VERSIONS="$({ "$NGINX" -v 2>&1 || true; } | sed 's/^nginx version: //'), $({ wrk -v 2>&1 || true; } | head -n1 | cut -d' ' -f1-2)"
if wants portcullis; then
    pv=$({ timeout 5 "$PORTCULLIS" version 2>/dev/null || true; } | head -n1)
    [[ $pv == portcullis* ]] || pv="portcullis ${pv:-(version unknown)}"
    VERSIONS+=", $pv"
fi
SETTINGS="servers on CPU $SERVER_CPU, wrk on CPU $CLIENT_CPU; wrk -t$WRK_THREADS -c$CONNECTIONS --latency; warm-up ${WARMUP}s; $ROUNDS rounds x ${DURATION}s per target, interleaved"

python3 "$BENCH_DIR/summarize.py" \
    --rounds "$WORK/rounds.tsv" --clk-tck "$(getconf CLK_TCK)" \
    --machine "$MACHINE" --versions "$VERSIONS" --settings "$SETTINGS" \
    --markdown "$RESULTS_DIR/latest.md" --rounds-out "$ROUNDS_TSV"
log "wrote $RESULTS_DIR/latest.md"
