# Shared by bench/run.sh and bench/profile.sh (sourced, not run): settings, process bookkeeping
# with cleanup, and starting the nginx backend, the nginx proxy and Portcullis on 127.0.0.1.
# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
cd "$ROOT" || exit 1

DEFAULT_PORTCULLIS=.build/release/portcullis
PORTCULLIS=${PORTCULLIS:-$DEFAULT_PORTCULLIS}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}

HOST=127.0.0.1
BACKEND_PORT=18081
NGINX_PORT=18082
PORTCULLIS_PORT=18083
BACKEND_BODY='{"ok":true,"service":"backend"}'
RESULTS_DIR=$BENCH_DIR/results
SCRIPT_NAME=bench/$(basename "$0")

die() { echo "$SCRIPT_NAME: $*" >&2; exit 1; }
log() { echo "$SCRIPT_NAME: $*" >&2; }

# require TOOL...: fails when a tool is missing.
require() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || [[ $tool == nginx && -x /usr/sbin/nginx ]] \
            || die "$tool is missing: run bench/setup.sh first"
    done
}

# ensure_portcullis: builds the default binary when missing; fails for a missing custom one.
ensure_portcullis() {
    [[ -x $PORTCULLIS ]] && return 0
    if [[ $PORTCULLIS == "$DEFAULT_PORTCULLIS" ]]; then
        log "building $PORTCULLIS (swift build -c release --product portcullis)"
        swift build -c release --product portcullis
        [[ -x $PORTCULLIS ]] || die "the build did not produce $PORTCULLIS"
    else
        die "PORTCULLIS=$PORTCULLIS is not an executable file"
    fi
}

# --- processes and cleanup ----------------------------------------------------------------------
WORK=$(mktemp -d /tmp/portcullis-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers may run as another user
STARTED=()        # every process started here (servers, their workers, load generators)
CLEANUP_HOOK=${CLEANUP_HOOK:-}

stop_all() {
    local status=$? pid alive
    trap - EXIT INT TERM ERR
    if [[ -n $CLEANUP_HOOK ]]; then "$CLEANUP_HOOK" || true; fi
    for pid in "${STARTED[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 50); do
        alive=0
        for pid in "${STARTED[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [[ $alive -eq 0 ]] && break
        sleep 0.1
    done
    for pid in "${STARTED[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ $status -ne 0 ]]; then
        log "failed (exit $status)"
        local f
        for f in "$WORK"/*.log; do
            [[ -s $f ]] && { echo "--- $(basename "$f")" >&2; tail -n 20 "$f" >&2; }
        done
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap stop_all EXIT
trap 'log "line $LINENO failed: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
check_ports_free() {
    local p
    for p in "$@"; do port_free "$p" || die "port $HOST:$p is already in use"; done
}

# wait_ready URL PID [SECONDS]: polls URL until it answers, while PID is alive (bounded).
wait_ready() {
    local url=$1 pid=$2 seconds=${3:-30}
    for _ in $(seq 1 $((seconds * 10))); do
        kill -0 "$pid" 2>/dev/null || die "the server for $url exited during start-up"
        curl -s -o /dev/null --max-time 1 "$url" && return 0
        sleep 0.1
    done
    die "$url did not answer within $seconds s"
}

# children PID: the direct children of PID (nginx workers).
children() {
    if command -v pgrep >/dev/null 2>&1; then
        pgrep -P "$1" || true
    else
        cat "/proc/$1/task/"*/children 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+$' || true
    fi
}

# check_body URL: the URL must answer 200 with exactly the backend body.
check_body() {
    local url=$1 out code body
    out=$(curl -s --max-time 5 -w '\n%{http_code}' "$url") || die "curl $url failed"
    code=${out##*$'\n'}
    body=${out%$'\n'*}
    [[ $code == 200 ]] || die "$url answered $code, not 200: $body"
    [[ $body == "$BACKEND_BODY" ]] || die "$url answered '$body', not the backend body '$BACKEND_BODY'"
    log "check ok: $url -> 200 $body"
}

# wait_for_body TARGET CURL_ARGS...: polls TARGET's URL (up to 5 s: a deployment applies within a
# second) until it answers exactly the backend body.
wait_for_body() {
    local target=$1 body=""
    shift
    for _ in $(seq 1 50); do
        body=$(curl -s --max-time 2 "$@" "$(url_of "$target")" || true)
        [[ $body == "$BACKEND_BODY" ]] && break
        sleep 0.1
    done
    [[ $body == "$BACKEND_BODY" ]] || die "$target answered '$body', not the backend body"
    log "check ok: $target"
}

# --- nginx --------------------------------------------------------------------------------------
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
declare -A PID=()      # name -> main pid
declare -A CPU_PIDS=() # name -> the pids whose CPU is counted (nginx: master + worker)

nginx_conf() { # NAME: writes $WORK/NAME.conf (NAME is backend or proxy)
    local name=$1
    {
        cat <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $WORK/$name.pid;
error_log $WORK/$name-error.log error;
events { worker_connections 4096; }
http {
    access_log off;
    types { }
    default_type application/json;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/$name-client;
    proxy_temp_path $WORK/$name-proxy;
    fastcgi_temp_path $WORK/$name-fastcgi;
    uwsgi_temp_path $WORK/$name-uwsgi;
    scgi_temp_path $WORK/$name-scgi;
EOF
        if [[ $name == backend ]]; then
            cat <<EOF
    server {
        listen $HOST:$BACKEND_PORT backlog=4096;
        location / { return 200 '$BACKEND_BODY'; }
    }
}
EOF
        else
            cat <<EOF
    upstream backend {
        server $HOST:$BACKEND_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen $HOST:$NGINX_PORT backlog=4096;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
        fi
    } >"$WORK/$name.conf"
    "$NGINX" -t -q -p "$WORK" -e "$WORK/$name-error.log" -c "$WORK/$name.conf" \
        || die "the $name nginx configuration is invalid"
}

start_nginx() { # NAME PORT: starts nginx NAME pinned to SERVER_CPU and waits until it answers
    local name=$1 port=$2 pid kids
    nginx_conf "$name"
    taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK" -e "$WORK/$name-error.log" -c "$WORK/$name.conf" \
        >"$WORK/$name.log" 2>&1 &
    pid=$!
    STARTED+=("$pid")
    wait_ready "http://$HOST:$port/" "$pid"
    kids=$(children "$pid" | tr '\n' ' ')
    [[ -n $kids ]] || die "nginx $name has no worker process"
    # shellcheck disable=SC2206
    STARTED+=($kids)
    PID[$name]=$pid
    CPU_PIDS[$name]="$pid $kids"
}

# start_portcullis [WRAPPER...]: starts Portcullis (optionally under WRAPPER, e.g. valgrind)
# pinned to SERVER_CPU with one event loop, and waits until it answers.
start_portcullis() {
    local ready_seconds=30
    [[ $# -gt 0 ]] && ready_seconds=180 # a profiler wrapper starts slowly
    # The account throttle (AWS's default 10,000 requests a second) would cap the measurement:
    # raised, as AWS support raises it for an account that needs more.
    PORTCULLIS_THREADS=1 PORTCULLIS_LOG_LEVEL=error PORTCULLIS_ACCOUNT_RATE_LIMIT=1000000 \
        PORTCULLIS_ACCOUNT_BURST_LIMIT=50000 taskset -c "$SERVER_CPU" \
        "$@" "$PORTCULLIS" serve "$BENCH_DIR/proxy-api.yaml" --listen "$HOST:$PORTCULLIS_PORT" \
        --stage bench --stage-variable "backend=$HOST:$BACKEND_PORT" \
        >"$WORK/portcullis.log" 2>&1 &
    PID[portcullis]=$!
    STARTED+=("${PID[portcullis]}")
    wait_ready "http://$HOST:$PORTCULLIS_PORT/bench/anything" "${PID[portcullis]}" "$ready_seconds"
    CPU_PIDS[portcullis]=${PID[portcullis]}
}

# TARGET_URL[TARGET]: the URL of a target a script adds (bench/templates.sh).
declare -A TARGET_URL=()

url_of() {
    case $1 in
        backend) echo "http://$HOST:$BACKEND_PORT/" ;;
        nginx) echo "http://$HOST:$NGINX_PORT/" ;;
        portcullis | open | guarded | proxied | cached) echo "http://$HOST:$PORTCULLIS_PORT/bench/anything" ;;
        *) [[ -n ${TARGET_URL[$1]:-} ]] || die "unknown target $1"; echo "${TARGET_URL[$1]}" ;;
    esac
}

# WRK_SCRIPT[TARGET]: a wrk Lua script for the target (e.g. one that sets its request headers).
declare -A WRK_SCRIPT=()

# run_wrk TARGET SECONDS OUTFILE: wrk pinned to CLIENT_CPU; every response must be 2xx.
run_wrk() {
    local rc=0 wpid script=()
    [[ -n ${WRK_SCRIPT[$1]:-} ]] && script=(-s "${WRK_SCRIPT[$1]}")
    timeout $(($2 + 30)) taskset -c "$CLIENT_CPU" \
        wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${2}s" --timeout 5s --latency "${script[@]}" "$(url_of "$1")" \
        >"$3" 2>&1 &
    wpid=$!
    STARTED+=("$wpid")
    wait "$wpid" || rc=$?
    [[ $rc -eq 0 ]] || { cat "$3" >&2; die "wrk against $1 failed (exit $rc)"; }
    # wrk prints these lines only when the counts are not zero: any of them fails the run.
    if grep -qE 'Non-2xx or 3xx responses|Socket errors' "$3"; then
        cat "$3" >&2
        die "$1 answered non-2xx responses or had socket errors: every response must be 200"
    fi
    grep -qE '^Requests/sec:' "$3" || { cat "$3" >&2; die "no result from wrk against $1"; }
}

# --- measurement --------------------------------------------------------------------------------
# cpu_ticks PIDS...: utime+stime (clock ticks) summed over the processes (all their threads).
cpu_ticks() {
    local total=0 pid rest
    for pid in "$@"; do
        [[ -r /proc/$pid/stat ]] || die "process $pid is gone"
        rest=$(<"/proc/$pid/stat")
        rest=${rest##*) } # drop "pid (comm) "; fields now start at 3 (state)
        # shellcheck disable=SC2086
        set -- $rest
        total=$((total + ${12} + ${13})) # fields 14 (utime) and 15 (stime)
    done
    echo "$total"
}

# cpu_busy_idle: "busy idle" clock ticks of the server CPU from /proc/stat (busy includes steal),
# to see how much of that CPU the servers had; "0 0" when SERVER_CPU is not a single CPU.
cpu_busy_idle() {
    if [[ $SERVER_CPU =~ ^[0-9]+$ ]]; then
        awk -v c="cpu$SERVER_CPU" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat
    else
        echo "0 0"
    fi
}

# warm_up TARGET...: WARMUP seconds of load on each target.
warm_up() {
    local t
    for t in "$@"; do
        log "warm-up $t ${WARMUP}s"
        run_wrk "$t" "$WARMUP" "$WORK/warmup-$t.txt"
    done
}

# measure_rounds TSV TARGET...: ROUNDS rounds of DURATION seconds per target, interleaved
# (A B C A B C ...); for each window the CPU ticks of the target's proxy process (proxy_key
# TARGET names it in CPU_PIDS; none when empty), of the backend and of the servers' CPU go to TSV.
measure_rounds() {
    local tsv=$1 r t pk b0 b1 p0 p1 busy0 idle0 busy1 idle1 out
    shift
    printf 'round\ttarget\twrk_output\tproxy_ticks\tbackend_ticks\tcpu_busy_ticks\tcpu_idle_ticks\n' >"$tsv"
    for r in $(seq 1 "$ROUNDS"); do
        for t in "$@"; do
            pk=$(proxy_key "$t")
            # shellcheck disable=SC2086
            b0=$(cpu_ticks ${CPU_PIDS[backend]})
            p0=0
            # shellcheck disable=SC2086
            [[ -n $pk ]] && p0=$(cpu_ticks ${CPU_PIDS[$pk]})
            read -r busy0 idle0 < <(cpu_busy_idle)
            out=$WORK/round$r-$t.txt
            run_wrk "$t" "$DURATION" "$out"
            # shellcheck disable=SC2086
            b1=$(cpu_ticks ${CPU_PIDS[backend]})
            p1=0
            # shellcheck disable=SC2086
            [[ -n $pk ]] && p1=$(cpu_ticks ${CPU_PIDS[$pk]})
            read -r busy1 idle1 < <(cpu_busy_idle)
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$t" "$out" $((p1 - p0)) $((b1 - b0)) \
                $((busy1 - busy0)) $((idle1 - idle0)) >>"$tsv"
            log "round $r/$ROUNDS $t: $(grep -E 'Requests/sec' "$out" | tr -s ' ')"
        done
    done
}
