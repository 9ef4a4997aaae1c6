#!/usr/bin/env python3
"""Helpers for scripts/bench-macro.sh (standard library only).

  macro.py mint KEYFILE METHOD TARGET
                                     an X-Patgate-Identity value for alice, valid 60 s from now, for
                                     the one request METHOD TARGET (raw path and query as sent;
                                     docs/upstream-identity.md), printed alone
  macro.py basic LOGIN PASSWORD      the value of an Authorization header for basic auth
  macro.py uuid                      reads a /a/tree/stat answer on stdin, prints Node.Uuid
  macro.py wrk FILE FRONT_TICKS BACKEND_TICKS TICKS_PER_S
                                     one line from wrk --latency output and the CPU ticks the serving
                                     process and the backend used meanwhile: req/s p50_ms p99_ms
                                     non2xx errors front_cpu_us_per_req backend_cpu_us_per_req
  macro.py report WRK_TSV PUT_TSV [GET_TSV]   the markdown tables (any file may be empty)
"""
import base64
import hashlib
import hmac
import json
import re
import statistics
import sys
import time

TARGETS = [  # name in the TSV, label, baseline for the ratio
    ("direct", "webdav-demo directly (minted identity)", None),
    ("plain", "Jetty proxy, no filter (PlainProxy)", "direct"),
    ("bearer", "gateway, Bearer", "plain"),
    ("basic", "gateway, Basic (login + token)", "plain"),
    ("scoped", "gateway, Bearer, token scoped `node:<folder>:rw`", "plain"),
    ("nginx-bcrypt", "nginx auth_basic, bcrypt cost 5", "direct"),
    ("nginx-sha", "nginx auth_basic, {SHA}", "direct"),
]
LABELS = {"direct": "direct", "plain": "plain proxy"}
PUTS = [
    ("direct", "webdav-demo directly"),
    ("gateway", "gateway -Xmx128m, Bearer"),
    ("plain", "Jetty proxy, no filter (PlainProxy)"),
    ("nginx", "nginx, {SHA} basic, `proxy_request_buffering off`"),
]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint(key_file, method, target):
    key = base64.b64decode(open(key_file, encoding="ascii").read().strip())
    now = int(time.time())
    header = {"alg": "HS256", "typ": "patgate-identity+jwt"}
    claims = {"sub": "alice", "tid": "bench", "scp": [], "iat": now, "exp": now + 60, "htm": method, "htt": target}
    signed = ".".join(b64url(json.dumps(part, separators=(",", ":")).encode("utf-8")) for part in (header, claims))
    signature = hmac.new(key, signed.encode("ascii"), hashlib.sha256).digest()
    print(signed + "." + b64url(signature))


def millis(text):
    value, unit = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(path, front_ticks, backend_ticks, ticks_per_second):
    text = open(path, encoding="utf-8", errors="replace").read()
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    if not (rps and p50 and p99):
        sys.exit("cannot read wrk output " + path)
    requests = re.search(r"(\d+) requests in", text)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    count = max(1, int(requests.group(1)) if requests else 0)
    per_request = [int(ticks) / float(ticks_per_second) / count * 1e6 for ticks in (front_ticks, backend_ticks)]
    print(rps.group(1), f"{millis(p50.group(1)):.3f}", f"{millis(p99.group(1)):.3f}",
          non2xx.group(1) if non2xx else 0, sum(map(int, errors.groups())) if errors else 0,
          f"{per_request[0]:.1f}", f"{per_request[1]:.1f}")


def read_tsv(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            rows.append(line.split())
    return rows


def report(wrk_tsv, put_tsv, get_tsv=None):
    rows = read_tsv(wrk_tsv)  # round target rps p50 p99 non2xx errors front_cpu_us backend_cpu_us
    ok = True
    if rows:
        by = {}
        for _, target, rps, p50, p99, non2xx, errors, front_cpu, backend_cpu in rows:
            entry = by.setdefault(target, {"rps": [], "p50": [], "p99": [], "cpu": [], "bcpu": [], "bad": 0})
            entry["rps"].append(float(rps))
            entry["p50"].append(float(p50))
            entry["p99"].append(float(p99))
            entry["cpu"].append(float(front_cpu))
            entry["bcpu"].append(float(backend_cpu))
            entry["bad"] += int(non2xx) + int(errors)
        med = {t: {k: statistics.median(v) for k, v in e.items() if k != "bad"} for t, e in by.items()}
        print("| target | req/s | p50 ms | p99 ms | ratio (req/s) | req/s per round "
              "| front CPU µs/req | backend CPU µs/req |")
        print("|---|---:|---:|---:|---|---|---:|---:|")
        for name, label, base in TARGETS:
            if name not in med:
                continue
            m = med[name]
            ratio = "—" if base is None or base not in med else \
                f"{m['rps'] / med[base]['rps']:.2f} × {LABELS[base]}"
            if name == "bearer":
                ratio = "**" + ratio + "**"
            per_round = ", ".join(f"{v:.0f}" for v in by[name]["rps"])
            bad = f" ({by[name]['bad']} non-2xx/errors)" if by[name]["bad"] else ""
            front = "(= backend)" if name == "direct" else f"{m['cpu']:.0f}"
            print(f"| {label} | {m['rps']:.0f} | {m['p50']:.2f} | {m['p99']:.2f} | {ratio} | {per_round}{bad} "
                  f"| {front} | {m['bcpu']:.0f} |")
        bad_total = sum(e["bad"] for e in by.values())
        if "plain" in med:
            extra = ", ".join(f"{name} {med[name]['cpu'] - med['plain']['cpu']:+.0f} µs"
                              for name in ("bearer", "basic", "scoped") if name in med)
            print()
            print(f"CPU per request of the gateway minus the plain proxy's (the token filter and its audit line): {extra}.")
        print()
        if "bearer" in med and "plain" in med:
            rounds = {}
            for r, target, rps, *_ in rows:
                rounds.setdefault(r, {})[target] = float(rps)
            paired = [v["bearer"] / v["plain"] for k, v in sorted(rounds.items())
                      if k != "warmup" and "bearer" in v and "plain" in v]
            ratio = statistics.median(paired)
            verdict = "met" if ratio >= 0.9 else "NOT met"
            ok = ok and ratio >= 0.9
            print(f"Target gateway (Bearer) ≥ 0.90 × plain proxy, median of the rounds' ratios: **{verdict}** "
                  f"({ratio:.2f}; per round: {', '.join(f'{p:.2f}' for p in paired)}; ratio of the medians "
                  f"{med['bearer']['rps'] / med['plain']['rps']:.2f}).")
        if bad_total:
            ok = False
            print(f"WARNING: {bad_total} responses were not 2xx or failed: the numbers above are not valid.")
        print()
    puts = read_tsv(put_tsv)  # round target seconds http_code proxy_cpu_s backend_cpu_s
    if puts:
        ok = transfer_table(puts, "PUT", "1 GiB PUT (curl, streamed, Content-Length)", 0.8) and ok
    gets = read_tsv(get_tsv) if get_tsv else []
    if gets:
        print()
        ok = transfer_table(gets, "GET", "1 GiB GET (curl to /dev/null)", None) and ok
    return ok


def transfer_table(rows, method, title, target):
    """Prints one table of 1 GiB transfers; with a target, checks direct time ÷ gateway time."""
    ok = True
    runs = {}
    for _, name, seconds, code, proxy_cpu, backend_cpu in rows:
        runs.setdefault(name, []).append((float(seconds), float(proxy_cpu), float(backend_cpu)))
        if not code.startswith("2"):
            ok = False
            print(f"WARNING: a 1 GiB {method} to {name} answered {code}.")
    med = {t: [statistics.median(column) for column in zip(*r)] for t, r in runs.items()}
    direct = med.get("direct", [0])[0]
    print(f"| {title} | seconds per round | median s | MiB/s "
          "| proxy CPU s | backend CPU s | direct time ÷ this |")
    print("|---|---|---:|---:|---:|---:|---|")
    for name, label in PUTS:
        if name not in med or med[name][0] <= 0:
            continue
        secs, proxy_cpu, backend_cpu = med[name]
        ratio = f"{direct / secs:.2f}" if direct > 0 else "—"
        if name == "gateway":
            ratio = "**" + ratio + "**"
        print(f"| {label} | {', '.join(f'{r[0]:.2f}' for r in runs[name])} | {secs:.2f} | {1024 / secs:.0f} "
              f"| {f'{proxy_cpu:.2f}' if name != 'direct' else '—'} | {backend_cpu:.2f} | {ratio} |")
    by_round = {}
    for rnd, name, seconds, *_ in rows:
        by_round.setdefault(rnd, {})[name] = float(seconds)
    paired = [v["direct"] / v["gateway"] for _, v in sorted(by_round.items())
              if v.get("direct", 0) > 0 and v.get("gateway", 0) > 0]
    if paired:
        ratio = statistics.median(paired)
        per_round = ", ".join(f"{p:.2f}" for p in paired)
        of_medians = f"ratio of the medians {direct / med['gateway'][0]:.2f}"
        print()
        if target is None:
            print(f"{method}: direct time ÷ gateway time, median of the rounds' ratios {ratio:.2f} "
                  f"(per round: {per_round}; {of_medians}); no target.")
        else:
            verdict = "met" if ratio >= target else "NOT met"
            ok = ok and ratio >= target
            print(f"Target direct time ÷ gateway time ≥ {target:.2f}, median of the rounds' ratios: **{verdict}** "
                  f"({ratio:.2f}; per round: {per_round}; {of_medians}).")
    return ok


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "mint" and len(argv) == 5:
        mint(argv[2], argv[3], argv[4])
    elif command == "basic" and len(argv) == 4:
        print("Basic " + base64.b64encode(f"{argv[2]}:{argv[3]}".encode("utf-8")).decode("ascii"))
    elif command == "uuid" and len(argv) == 2:
        print(json.load(sys.stdin)["Node"]["Uuid"])
    elif command == "wrk" and len(argv) == 6:
        parse_wrk(*argv[2:6])
    elif command == "report" and len(argv) in (4, 5):
        return 0 if report(*argv[2:]) else 1
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
