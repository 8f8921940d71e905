#!/usr/bin/env python3
"""Turns the rounds recorded by bench/run.sh into a table with ratios.

Input: a TSV with columns round, target, wrk_output (a file holding wrk's output), proxy_ticks,
backend_ticks (utime+stime in clock ticks used during the measured window), cpu_busy_ticks and
cpu_idle_ticks (of the servers' CPU during the window, from /proc/stat; 0 0 when unknown).
Per target: req/s, p50 and p99 are the medians over the rounds; CPU per request is the CPU time
over all rounds divided by the requests over all rounds.
Exits 2 without writing the markdown when any wrk run saw a non-2xx response or a socket error.
"""

import argparse
import re
import statistics
import sys

THROUGHPUT_TARGET = 0.7  # Portcullis req/s >= 0.7 x nginx's
CPU_TARGET = 1.5  # Portcullis proxy CPU per request <= 1.5 x nginx's

LABELS = {
    "backend": "backend (nginx, direct)",
    "nginx": "nginx reverse proxy",
    "portcullis": "Portcullis HTTP_PROXY",
}
PATHS = {"backend": "/", "nginx": "/", "portcullis": "/bench/anything"}

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def latency_ms(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text)
    if not m:
        raise ValueError(f"unreadable latency {text!r}")
    return float(m.group(1)) * UNIT_MS[m.group(2)]


def parse_wrk(path):
    out = open(path, encoding="utf-8", errors="replace").read()
    m = re.search(r"^\s*(\d+) requests in ([0-9.]+)(us|ms|s|m|h)", out, re.M)
    rps = re.search(r"^Requests/sec:\s*([0-9.]+)", out, re.M)
    p50 = re.search(r"^\s*50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.M)
    if not (m and rps and p50 and p99):
        raise ValueError(f"cannot read wrk output {path}:\n{out}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": int(m.group(1)),
        "rps": float(rps.group(1)),
        "p50": latency_ms(p50.group(1)),
        "p99": latency_ms(p99.group(1)),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(x) for x in sock.groups()) if sock else 0,
        "raw": out,
    }


def proxy_cpu_table(rounds_path, ticks_per_second):
    """Per target of a measure_rounds TSV: the median req/s and the proxy's CPU µs per request.
    Returns (cpu by target, markdown table lines)."""
    totals = {}
    for line in open(rounds_path).read().splitlines()[1:]:
        _, target, wrk_out, proxy_ticks, *_ = line.split("\t")
        run = parse_wrk(wrk_out)
        entry = totals.setdefault(target, {"requests": 0, "ticks": 0, "rps": []})
        entry["requests"] += run["requests"]
        entry["ticks"] += int(proxy_ticks)
        entry["rps"].append(run["rps"])
    cpu = {t: e["ticks"] / ticks_per_second / e["requests"] * 1e6 for t, e in totals.items()}
    lines = [
        "| target | req/s (median) | Portcullis CPU µs/request |", "|---|---|---|",
        *[f"| {t} | {statistics.median(e['rps']):.0f} | {cpu[t]:.1f} |" for t, e in totals.items()],
    ]
    return cpu, lines


def latency_cpu_table(rounds_path, ticks_per_second, backend_name, gateway_targets):
    """Per target of a measure_rounds TSV: median req/s, p50 and p99, the gateway's CPU µs per
    request (targets in `gateway_targets`; "—" for the others) and the backend's (`backend_name`
    heads its column). Returns markdown table lines."""
    totals = {}
    for line in open(rounds_path).read().splitlines()[1:]:
        _, target, wrk_out, proxy_ticks, backend_ticks, *_ = line.split("\t")
        run = parse_wrk(wrk_out)
        entry = totals.setdefault(target, {"requests": 0, "proxy": 0, "backend": 0, "rps": [], "p50": [], "p99": []})
        entry["requests"] += run["requests"]
        entry["proxy"] += int(proxy_ticks)
        entry["backend"] += int(backend_ticks)
        for key in ("rps", "p50", "p99"):
            entry[key].append(run[key])
    us = lambda ticks, requests: ticks / ticks_per_second / requests * 1e6
    lines = [f"| target | req/s (median) | p50 ms | p99 ms | Portcullis CPU µs/request | {backend_name} CPU µs/request |",
             "|---|---|---|---|---|---|"]
    for target, e in totals.items():
        gateway_cpu = f"{us(e['proxy'], e['requests']):.1f}" if target in gateway_targets else "—"
        lines.append(f"| {target} | {statistics.median(e['rps']):.0f} | {statistics.median(e['p50']):.3f} | "
                     f"{statistics.median(e['p99']):.3f} | {gateway_cpu} | {us(e['backend'], e['requests']):.1f} |")
    return lines


def median_or_none(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(x, digits=1):
    return "—" if x is None else f"{x:,.{digits}f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", required=True)
    ap.add_argument("--clk-tck", type=int, required=True)
    ap.add_argument("--machine", default="")
    ap.add_argument("--versions", default="")
    ap.add_argument("--settings", default="")
    ap.add_argument("--markdown", required=True)
    ap.add_argument("--rounds-out")
    args = ap.parse_args()
    us_per_tick = 1e6 / args.clk_tck

    rows = []
    with open(args.rounds, encoding="utf-8") as f:
        next(f)
        for line in f:
            rnd, target, wrk_file, pticks, bticks, busy, idle = line.rstrip("\n").split("\t")
            w = parse_wrk(wrk_file)
            w.update(round=int(rnd), target=target, proxy_ticks=int(pticks), backend_ticks=int(bticks),
                     cpu_busy=int(busy), cpu_idle=int(idle))
            # Share of the servers' CPU used by the servers, and by anything else (other
            # processes, interrupts, steal): a high "other" share makes that window's req/s suspect.
            window = w["cpu_busy"] + w["cpu_idle"]
            ours = w["proxy_ticks"] + w["backend_ticks"]
            w["servers_share"] = 100.0 * ours / window if window else None
            w["other_share"] = 100.0 * max(w["cpu_busy"] - ours, 0) / window if window else None
            rows.append(w)

    failures = [r for r in rows if r["non2xx"] or r["socket_errors"]]
    if failures:
        for r in failures:
            print(
                f"FAILED: round {r['round']} {r['target']}: {r['non2xx']} non-2xx responses, "
                f"{r['socket_errors']} socket errors\n{r['raw']}",
                file=sys.stderr,
            )
        sys.exit(2)

    targets = list(dict.fromkeys(r["target"] for r in rows))
    summary = {}
    for t in targets:
        rs = [r for r in rows if r["target"] == t]
        requests = sum(r["requests"] for r in rs)
        proxy_cpu = None
        if t != "backend":
            proxy_cpu = sum(r["proxy_ticks"] for r in rs) * us_per_tick / requests
        backend_cpu = sum(r["backend_ticks"] for r in rs) * us_per_tick / requests
        summary[t] = {
            "rps": statistics.median(r["rps"] for r in rs),
            "rps_rounds": [r["rps"] for r in rs],
            "p50": statistics.median(r["p50"] for r in rs),
            "p99": statistics.median(r["p99"] for r in rs),
            "proxy_cpu": proxy_cpu,
            "backend_cpu": backend_cpu,
            "total_cpu": backend_cpu + (proxy_cpu or 0.0),
            "requests": requests,
            "servers_share": median_or_none([r["servers_share"] for r in rs]),
            "other_share": median_or_none([r["other_share"] for r in rs]),
        }

    header = [
        "target", "path", "req/s (median)", "req/s per round", "p50 ms", "p99 ms",
        "proxy CPU µs/req", "backend CPU µs/req", "total CPU µs/req", "server CPU: ours / other %",
    ]
    table = []
    for t in targets:
        s = summary[t]
        table.append([
            LABELS[t], PATHS[t], fmt(s["rps"], 0), " / ".join(fmt(x, 0) for x in s["rps_rounds"]),
            fmt(s["p50"], 3), fmt(s["p99"], 3), fmt(s["proxy_cpu"]), fmt(s["backend_cpu"]),
            fmt(s["total_cpu"]), f"{fmt(s['servers_share'], 0)} / {fmt(s['other_share'], 0)}",
        ])
    if "portcullis" not in summary:
        table.append(["Portcullis HTTP_PROXY", "/bench/anything", "not yet measured"] + ["—"] * 7)

    get = lambda t, k: summary.get(t, {}).get(k)
    thr_nginx = ratio(get("portcullis", "rps"), get("nginx", "rps"))
    thr_backend = ratio(get("portcullis", "rps"), get("backend", "rps"))
    cpu_nginx = ratio(get("portcullis", "proxy_cpu"), get("nginx", "proxy_cpu"))
    nginx_backend = ratio(get("nginx", "rps"), get("backend", "rps"))
    # The throughput the proxy + backend pair would reach with the server CPU to itself is
    # 1 / (total CPU per request); its ratio does not depend on what else ran on the machine.
    capacity_nginx = ratio(get("nginx", "total_cpu"), get("portcullis", "total_cpu"))

    def verdict(value, ok):
        if value is None:
            return "not yet measured"
        return "**met**" if ok(value) else "**NOT met**"

    ratios = [
        ["nginx proxy / backend throughput", fmt(nginx_backend, 2), "", ""],
        ["Portcullis / nginx proxy throughput", fmt(thr_nginx, 2), f"≥ {THROUGHPUT_TARGET}",
         verdict(thr_nginx, lambda v: v >= THROUGHPUT_TARGET)],
        ["Portcullis / backend throughput", fmt(thr_backend, 2), "", ""],
        ["Portcullis / nginx proxy throughput if CPU-bound (nginx+backend CPU/req ÷ "
         "Portcullis+backend CPU/req)", fmt(capacity_nginx, 2), f"(≥ {THROUGHPUT_TARGET})",
         "" if capacity_nginx is None else ("met" if capacity_nginx >= THROUGHPUT_TARGET else "not met")],
        ["Portcullis / nginx proxy CPU per request (proxy process only)", fmt(cpu_nginx, 2),
         f"≤ {CPU_TARGET}", verdict(cpu_nginx, lambda v: v <= CPU_TARGET)],
    ]

    def md(head, body):
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)

    def plain(head, body):
        widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
        line = lambda row: "  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip()
        return "\n".join([line(head), line(["-" * w for w in widths])] + [line(r) for r in body])

    rhead = ["ratio", "value", "target", "verdict"]
    others = [v["other_share"] for v in summary.values() if v["other_share"] is not None]
    warning = None
    if others and max(others) > 10:
        warning = (
            f"WARNING: other processes used up to {max(others):.0f}% of the servers' CPU during the"
            " measured windows: req/s and latency are disturbed; CPU per request stays comparable."
        )
    print()
    print(plain(header, table))
    print()
    print(plain(rhead, [[c.replace("**", "") for c in r] for r in ratios]))
    print()
    if warning:
        print(warning)
        print()

    doc = [
        "# Benchmark: backend vs nginx reverse proxy vs Portcullis HTTP_PROXY",
        "",
        f"- machine: {args.machine}",
        f"- versions: {args.versions}",
        f"- settings: {args.settings}",
        "- req/s, p50, p99: medians over the rounds; CPU per request: utime+stime over all measured"
        " windows / requests over all windows (from /proc/PID/stat, nginx master + worker)",
        "- server CPU: ours / other %: median share of the servers' CPU used by the servers under"
        " test, and by anything else (other processes, steal) during the windows (from /proc/stat)",
        "",
        md(header, table),
        "",
        md(rhead, ratios),
        "",
    ]
    if warning:
        doc += [f"**{warning}**", ""]
    with open(args.markdown, "w", encoding="utf-8") as f:
        f.write("\n".join(doc))
    if args.rounds_out:
        with open(args.rounds_out, "w", encoding="utf-8") as f:
            f.write("round\ttarget\trequests\treq_per_s\tp50_ms\tp99_ms\tproxy_ticks\tbackend_ticks"
                    "\tservers_share_pct\tother_share_pct\n")
            for r in rows:
                f.write(
                    f"{r['round']}\t{r['target']}\t{r['requests']}\t{r['rps']}\t{r['p50']}\t"
                    f"{r['p99']}\t{r['proxy_ticks']}\t{r['backend_ticks']}\t"
                    f"{fmt(r['servers_share'])}\t{fmt(r['other_share'])}\n"
                )


if __name__ == "__main__":
    main()
