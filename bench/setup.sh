#!/usr/bin/env bash
# Installs what the side-by-side benchmark needs from Debian: nginx, wrk, taskset, curl, python3.
# Idempotent: runs `apt-get update` once, and only when something is missing.
# Never starts the system nginx service.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

need=()
command -v nginx   >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v wrk     >/dev/null 2>&1 || need+=(wrk)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
command -v curl    >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3)

if [[ ${#need[@]} -eq 0 ]]; then
    echo "bench/setup.sh: nginx, wrk, taskset, curl and python3 are present"
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo -n); fi

# Keep the package's postinst from starting the system nginx service.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    made_policy=1
fi
cleanup() { if [[ $made_policy -eq 1 ]]; then "${sudo[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT

echo "bench/setup.sh: installing ${need[*]}"
"${sudo[@]}" apt-get update -qq
# nginx-light is gone from newer Debian releases; fall back to nginx.
if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"; then
    fallback=("${need[@]/nginx-light/nginx}")
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${fallback[@]}"
fi

# If the package started the service anyway (no policy-rc.d honoured), stop it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
    "${sudo[@]}" systemctl stop nginx || true
fi
