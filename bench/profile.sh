#!/usr/bin/env bash
# Profiles Portcullis on the benchmark's HTTP_PROXY path and prints the top symbols.
# Use it when bench/run.sh shows a target missed.
#
#   bench/profile.sh
#
# Starts the nginx backend (127.0.0.1:18081) and Portcullis (127.0.0.1:18083), pinned like
# bench/run.sh (servers on CPU 0, load on CPU 1), then:
#   perf      when the CPU exposes hardware counters (`perf stat -e instructions true` works):
#             `perf record -g` attached to Portcullis while wrk loads it for PROFILE_SECONDS;
#   callgrind otherwise: Portcullis runs under `valgrind --tool=callgrind` with instrumentation
#             off through start-up and warm-up, then on for PROFILE_REQUESTS requests on one
#             keep-alive connection, which are dumped. When valgrind cannot run the binary at all
#             (valgrind 3.19 crashes on the Swift 6 runtime: "VALGRIND INTERNAL ERROR"), auto
#             falls back to `perf record -e cpu-clock -g` (software sampling), which needs no
#             hardware counters.
#
# Environment (all optional):
#   PORTCULLIS        binary to profile (default .build/release/portcullis, built when missing)
#   PROFILER          auto (default), perf, or callgrind. `perf` without hardware counters
#                     samples with the software event cpu-clock instead.
#   PROFILE_SECONDS   perf: seconds of load (default 10)
#   PROFILE_REQUESTS  callgrind: requests collected (default 2000)
#   PERF_CALLGRAPH    perf: fp (default, `-g`) or dwarf
#   TOP               how many symbols to print (default 40)
#   PROFILE_OUT       keep the profile data here (default bench/results/profile.*)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILER=${PROFILER:-auto}
PROFILE_SECONDS=${PROFILE_SECONDS:-10}
PROFILE_REQUESTS=${PROFILE_REQUESTS:-2000}
PERF_CALLGRAPH=${PERF_CALLGRAPH:-fp}
TOP=${TOP:-40}

for n in "$PROFILE_SECONDS" "$PROFILE_REQUESTS" "$TOP"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "PROFILE_SECONDS, PROFILE_REQUESTS, TOP must be positive integers"
done
require nginx wrk taskset curl python3

# apt_install PACKAGE...: installs from Debian without questions (apt-get update first).
apt_install() {
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
    log "installing $*"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@"
}

hardware_counters() {
    perf stat -e instructions true 2>&1 | grep -q 'not supported' && return 1
    perf stat -e instructions true >/dev/null 2>&1
}

if [[ $PROFILER == auto || $PROFILER == perf ]]; then
    command -v perf >/dev/null 2>&1 || apt_install linux-perf
fi
case $PROFILER in auto|perf|callgrind) ;; *) die "PROFILER must be auto, perf or callgrind" ;; esac

# first N: the first N lines; reads all its input so that the writer never gets SIGPIPE.
first() { awk -v n="$1" 'NR <= n { sub(/( +-)+ *$/, ""); print }'; }

# Swift symbols read better demangled; anything else passes through unchanged.
demangle() {
    if command -v swift-demangle >/dev/null 2>&1; then swift-demangle --simplified
    elif command -v swift >/dev/null 2>&1; then swift demangle --simplified
    else cat; fi
}

ensure_portcullis

# Valgrind 3.19 cannot read the DWARF 5 that Swift 6 emits ("unhandled dwarf2 abbrev form"), so
# callgrind profiles a copy without debug info: the symbol table still names every function.
CALLGRIND_BINARY=$WORK/portcullis-nodebug

# callgrind_usable: valgrind is installed and runs the binary (`portcullis version`) to the end.
callgrind_usable() {
    if ! command -v valgrind >/dev/null 2>&1 || ! command -v callgrind_control >/dev/null 2>&1; then
        apt_install valgrind
    fi
    objcopy --strip-debug "$PORTCULLIS" "$CALLGRIND_BINARY" || die "objcopy --strip-debug failed"
    if ! timeout 120 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$CALLGRIND_BINARY" version >"$WORK/valgrind-probe.log" 2>&1; then
        log "valgrind cannot run $PORTCULLIS:"
        grep -m3 -E 'INTERNAL ERROR|impossible|unhandled|Giving up' "$WORK/valgrind-probe.log" >&2 || true
        return 1
    fi
}

if [[ $PROFILER == auto ]]; then
    if hardware_counters; then
        PROFILER=perf
    else
        log "perf: hardware counters not supported here; falling back to callgrind"
        if callgrind_usable; then
            PROFILER=callgrind
        else
            log "falling back to perf with software sampling (cpu-clock)"
            PROFILER=perf
        fi
    fi
elif [[ $PROFILER == callgrind ]]; then
    callgrind_usable || die "callgrind cannot profile this binary; use PROFILER=perf"
fi

check_ports_free "$BACKEND_PORT" "$PORTCULLIS_PORT"
mkdir -p "$RESULTS_DIR"
start_nginx backend "$BACKEND_PORT"

if [[ $PROFILER == perf ]]; then
    OUT=${PROFILE_OUT:-$RESULTS_DIR/profile.perf.data}
    event=()
    hardware_counters || event=(-e cpu-clock) # software sampling when there are no counters
    callgraph=(-g)
    [[ $PERF_CALLGRAPH == dwarf ]] && callgraph=(--call-graph dwarf)
    start_portcullis
    check_body "$(url_of portcullis)"
    log "warm-up 3s"
    run_wrk portcullis 3 "$WORK/warmup.txt"

    log "perf record ${event[*]} ${callgraph[*]} on pid ${PID[portcullis]} for ${PROFILE_SECONDS}s under wrk load"
    timeout $((PROFILE_SECONDS + 30)) perf record "${event[@]}" "${callgraph[@]}" -F 999 \
        -p "${PID[portcullis]}" -o "$OUT" -- sleep "$((PROFILE_SECONDS + 1))" \
        >"$WORK/perf-record.log" 2>&1 &
    perf_pid=$!
    STARTED+=("$perf_pid")
    sleep 0.5
    run_wrk portcullis "$PROFILE_SECONDS" "$WORK/load.txt"
    wait "$perf_pid" || { cat "$WORK/perf-record.log" >&2; die "perf record failed"; }
    grep -E 'Requests/sec' "$WORK/load.txt" >&2 || true

    echo
    echo "== top $TOP symbols by self time (perf, $OUT) =="
    perf report -i "$OUT" --stdio --no-children --sort dso,symbol --percent-limit 0.3 2>/dev/null \
        | grep -E '^ +[0-9.]+%' | first "$TOP" | demangle
    echo
    echo "== top $TOP symbols including callees =="
    perf report -i "$OUT" --stdio --children --sort symbol --percent-limit 1 -g none 2>/dev/null \
        | grep -E '^ +[0-9.]+%' | first "$TOP" | demangle
else
    OUT=${PROFILE_OUT:-$RESULTS_DIR/profile.callgrind.out}
    rm -f "$OUT" "$OUT".*
    PORTCULLIS=$CALLGRIND_BINARY
    start_portcullis valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT" \
        --log-file="$WORK/valgrind.log"
    check_body "$(url_of portcullis)"

    # requests N: N GETs on one keep-alive connection; every one must answer 200.
    requests() {
        timeout 600 taskset -c "$CLIENT_CPU" python3 - "$HOST" "$PORTCULLIS_PORT" "$1" <<'EOF'
import http.client, sys
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
conn = http.client.HTTPConnection(host, port, timeout=30)
for i in range(n):
    conn.request("GET", "/bench/anything")
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        sys.exit(f"request {i} answered {r.status}")
EOF
    }
    log "warm-up: 200 requests (not collected)"
    requests 200
    callgrind_control -i on "${PID[portcullis]}" >/dev/null # start-up and warm-up are not counted
    log "collecting $PROFILE_REQUESTS requests under callgrind"
    requests "$PROFILE_REQUESTS"
    callgrind_control -d "${PID[portcullis]}" >/dev/null
    dump=$OUT.1 # callgrind numbers the dumps asked for with -d
    [[ -s $dump ]] || die "callgrind wrote no profile to $dump"

    total=$(callgrind_annotate "$dump" 2>/dev/null | grep -m1 -E 'PROGRAM TOTALS' | awk '{print $1}' | tr -d ,)
    echo
    [[ $total =~ ^[0-9]+$ && $total -gt 0 ]] || die "callgrind collected nothing ($dump)"
    echo "instructions per request: $((total / PROFILE_REQUESTS)) (Ir over $PROFILE_REQUESTS requests)"
    echo "== top $TOP functions by own instructions (callgrind, $dump) =="
    callgrind_annotate --threshold=99 "$dump" 2>/dev/null \
        | grep -E '^ *[0-9,]+ ' | grep -v 'PROGRAM TOTALS' | first "$TOP" | demangle
    echo
    echo "== top $TOP functions including callees =="
    callgrind_annotate --inclusive=yes --threshold=99 "$dump" 2>/dev/null \
        | grep -E '^ *[0-9,]+ ' | grep -v 'PROGRAM TOTALS' | first "$TOP" | demangle
fi
