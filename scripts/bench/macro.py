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
  macro.py report [--apache TSV] [--demo TSV] [--put TSV] [--get TSV] [--goals yes|no]
                                     the markdown tables of the wrk rounds per backend and of the
                                     1 GiB transfers (any file may be missing or empty), then one
                                     verdict line per goal of issue 13; exits 1 when a goal is missed
                                     (unless --goals no) or a response was not 2xx
"""
import base64
import hashlib
import hmac
import json
import re
import statistics
import sys
import time

APACHE_TARGETS = [  # name in the TSV, label, baseline of the ratio column
    ("a-direct", "Apache mod_dav directly", None),
    ("a-nginx", "nginx, no auth", "a-direct"),
    ("a-nginx-sha", "nginx `auth_basic` {SHA}", "a-direct"),
    ("a-nginx-bcrypt", "nginx `auth_basic` bcrypt cost 5", "a-direct"),
    ("a-caddy", "Caddy, no auth", "a-direct"),
    ("a-caddy-basic", "Caddy `basicauth` (bcrypt, hash cache on)", "a-direct"),
    ("a-plain", "PlainProxy (gateway minus the filter)", "a-direct"),
    ("a-bearer", "gateway, Bearer", "a-plain"),
    ("a-basic", "gateway, Basic (login + token)", "a-plain"),
    ("a-scoped", "gateway, Bearer, token scoped `node:<folder>:rw`", "a-bearer"),
]
DEMO_TARGETS = [
    ("direct", "webdav-demo directly (minted identity)", None),
    ("plain", "PlainProxy (gateway minus the filter)", "direct"),
    ("bearer", "gateway, Bearer", "plain"),
    ("basic", "gateway, Basic (login + token)", "plain"),
    ("scoped", "gateway, Bearer, token scoped `node:<folder>:rw`", "bearer"),
    ("nginx-bcrypt", "nginx `auth_basic` bcrypt cost 5", "direct"),
    ("nginx-sha", "nginx `auth_basic` {SHA}", "direct"),
]
SHORT = {"a-direct": "Apache", "a-plain": "PlainProxy", "a-bearer": "Bearer", "a-basic": "Basic",
         "a-scoped": "scoped", "a-nginx-sha": "nginx {SHA}", "direct": "direct", "plain": "PlainProxy",
         "bearer": "Bearer", "basic": "Basic", "scoped": "scoped"}
PUTS = [
    ("direct", "webdav-demo directly"),
    ("gateway", "gateway -Xmx128m, Bearer"),
    ("plain", "PlainProxy (gateway minus the filter)"),
    ("nginx", "nginx, {SHA} basic, `proxy_request_buffering off`"),
]
PUT_GOAL = 0.9


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
    if path:
        for line in open(path, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                rows.append(line.split())
    return rows


class Wrk:
    """The rounds of one backend's part: per target and round, req/s, p50, p99, CPU µs per request."""

    FIELDS = ("rps", "p50", "p99", "bad_non2xx", "bad_errors", "cpu", "bcpu")

    def __init__(self, rows):
        self.rounds = {}  # round -> target -> field -> value
        self.order = []
        for rnd, target, *values in rows:
            self.rounds.setdefault(rnd, {})[target] = dict(zip(self.FIELDS, map(float, values)))
            if target not in self.order:
                self.order.append(target)

    def has(self, target):
        return target in self.order

    def series(self, target, field):
        return [r[target][field] for _, r in sorted(self.rounds.items(), key=lambda kv: int(kv[0])) if target in r]

    def median(self, target, field):
        return statistics.median(self.series(target, field))

    def bad(self, target):
        return int(sum(self.series(target, "bad_non2xx")) + sum(self.series(target, "bad_errors")))

    def paired(self, a, b, field="rps"):
        """a ÷ b in each round that has both."""
        return [r[a][field] / r[b][field] for _, r in sorted(self.rounds.items(), key=lambda kv: int(kv[0]))
                if a in r and b in r and r[b][field] > 0]


def table(wrk, targets, ref):
    """One row per target; the ratios are medians of the per-round ratios, against the target's
    baseline and against REF (nginx {SHA})."""
    print("| front | req/s | p50 ms | p99 ms | req/s per round | front CPU µs/req | backend CPU µs/req "
          "| req/s ÷ baseline | req/s ÷ nginx {SHA} |")
    print("|---|---:|---:|---:|---|---:|---:|---|---:|")
    for name, label, base in targets:
        if not wrk.has(name):
            continue
        per_round = ", ".join(f"{v:.0f}" for v in wrk.series(name, "rps"))
        bad = f" ({wrk.bad(name)} non-2xx/errors)" if wrk.bad(name) else ""
        front = "(= backend)" if base is None else f"{wrk.median(name, 'cpu'):.0f}"
        ratio = "—"
        if base is not None and wrk.has(base):
            ratio = f"{statistics.median(wrk.paired(name, base)):.2f} × {SHORT.get(base, base)}"
        if name == "a-bearer":
            ratio = "**" + ratio + "**"
        vs_ref = f"{statistics.median(wrk.paired(name, ref)):.2f}" if wrk.has(ref) and name != ref else "—"
        print(f"| {label} | {wrk.median(name, 'rps'):.0f} | {wrk.median(name, 'p50'):.2f} "
              f"| {wrk.median(name, 'p99'):.2f} | {per_round}{bad} | {front} | {wrk.median(name, 'bcpu'):.0f} "
              f"| {ratio} | {vs_ref} |")


class Verdicts:
    def __init__(self):
        self.lines = []
        self.missed = 0

    def goal(self, title, value, target, higher, detail, milestone=None, digits=2):
        met = value >= target if higher else value <= target
        self.missed += 0 if met else 1
        text = f"- {title} {'≥' if higher else '≤'} {target:g}: **{'met' if met else 'MISSED'}** ({value:.{digits}f}"
        if milestone is not None:
            text += f"; milestone ≥ {milestone:g} {'met' if value >= milestone else 'missed'}"
        self.lines.append(text + (f"; {detail})" if detail else ")"))

    def unmeasured(self, title, target=None, higher=True):
        bound = "" if target is None else f" {'≥' if higher else '≤'} {target:g}"
        self.lines.append(f"- {title}{bound}: not measured in this run")


def ratio_goal(verdicts, wrk, title, a, b, target, higher=True, field="rps", milestone=None):
    if not (wrk and wrk.has(a) and wrk.has(b)):
        verdicts.unmeasured(title, target, higher)
        return
    paired = wrk.paired(a, b, field)
    detail = (f"median of {len(paired)} rounds' ratios; per round {', '.join(f'{p:.2f}' for p in paired)}; "
              f"medians {wrk.median(a, field):.{0 if field == 'rps' else 2}f} and "
              f"{wrk.median(b, field):.{0 if field == 'rps' else 2}f}")
    verdicts.goal(title, statistics.median(paired), target, higher, detail, milestone)


def report(apache_tsv, demo_tsv, put_tsv, get_tsv, goals):
    apache = Wrk(read_tsv(apache_tsv))
    demo = Wrk(read_tsv(demo_tsv))
    ok = True
    bad_total = 0
    if apache.order:
        print("**Apache mod_dav backend** (`GET /dav/bench/file-1k.txt`, 1 KiB)")
        print()
        table(apache, APACHE_TARGETS, "a-nginx-sha")
        print()
        bad_total += sum(apache.bad(t) for t in apache.order)
    if demo.order:
        print("**webdav-demo backend** (`GET /dav/personal-files/bench/file-1k.txt`, 1 KiB)")
        print()
        table(demo, DEMO_TARGETS, "nginx-sha")
        print()
        bad_total += sum(demo.bad(t) for t in demo.order)
    for wrk, plain, names in ((apache, "a-plain", ("a-bearer", "a-basic", "a-scoped")),
                              (demo, "plain", ("bearer", "basic", "scoped"))):
        if wrk.has(plain):
            extra = ", ".join(f"{SHORT[n]} {wrk.median(n, 'cpu') - wrk.median(plain, 'cpu'):+.0f} µs"
                              for n in names if wrk.has(n))
            where = "Apache" if wrk is apache else "webdav-demo"
            print(f"CPU per request of the gateway minus PlainProxy's, in front of {where} "
                  f"(the token filter and its audit line): {extra}.")
            print()

    verdicts = Verdicts()
    a = apache if apache.order else None
    ratio_goal(verdicts, a, "P2: gateway Bearer ÷ nginx `auth_basic` {SHA}, req/s in front of Apache",
               "a-bearer", "a-nginx-sha", 1.0, milestone=0.8)
    ratio_goal(verdicts, a, "gateway Bearer ÷ Caddy `basicauth`, req/s", "a-bearer", "a-caddy-basic", 1.5)
    if a and a.has("a-bearer"):
        cpu = a.series("a-bearer", "cpu")
        verdicts.goal("front CPU per proxied request, gateway Bearer, µs", statistics.median(cpu), 40, False,
                      f"median of {len(cpu)} rounds; per round {', '.join(f'{c:.0f}' for c in cpu)}", digits=0)
    else:
        verdicts.unmeasured("front CPU per proxied request, gateway Bearer, µs", 40, False)
    ratio_goal(verdicts, a, "P1: gateway Bearer ÷ PlainProxy, req/s in front of Apache, audit line on",
               "a-bearer", "a-plain", 0.95)
    ratio_goal(verdicts, a, "p99: gateway Bearer p99 ÷ nginx {SHA} p99 (ms)", "a-bearer", "a-nginx-sha", 1.0,
               higher=False, field="p99")
    if a and a.has("a-scoped"):
        ratio_goal(verdicts, a, "scoped ÷ unscoped (Bearer), req/s in front of Apache", "a-scoped", "a-bearer", 0.9)
    else:
        ratio_goal(verdicts, demo if demo.order else None, "scoped ÷ unscoped (Bearer), req/s in front of webdav-demo",
                   "scoped", "bearer", 0.9)

    puts = read_tsv(put_tsv)  # round target seconds http_code proxy_cpu_s backend_cpu_s
    if puts:
        ok = transfer_table(puts, "PUT", "1 GiB PUT (curl, streamed, Content-Length)", verdicts) and ok
    else:
        verdicts.unmeasured("1 GiB PUT, direct time ÷ gateway time (-Xmx128m)", PUT_GOAL)
    gets = read_tsv(get_tsv)
    if gets:
        print()
        ok = transfer_table(gets, "GET", "1 GiB GET (curl to /dev/null)", None) and ok

    print()
    print("**Goals (issue 13), each on the median of the per-round ratios:**")
    print()
    for line in verdicts.lines:
        print(line)
    print()
    if bad_total:
        ok = False
        print(f"WARNING: {bad_total} responses were not 2xx or failed: the numbers above are not valid.")
    if goals:
        ok = ok and verdicts.missed == 0
        print(f"{verdicts.missed} goal(s) missed." if verdicts.missed else "Every goal measured was met.")
    else:
        print(f"{verdicts.missed} goal(s) missed (--no-goals: reported only).")
    return ok


def transfer_table(rows, method, title, verdicts):
    """Prints one table of 1 GiB transfers; with verdicts, judges direct time ÷ gateway time."""
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
    paired = [v["direct"] / v["gateway"] for _, v in sorted(by_round.items(), key=lambda kv: int(kv[0]))
              if v.get("direct", 0) > 0 and v.get("gateway", 0) > 0]
    if paired:
        ratio = statistics.median(paired)
        per_round = ", ".join(f"{p:.2f}" for p in paired)
        of_medians = f"ratio of the medians {direct / med['gateway'][0]:.2f}"
        print()
        if verdicts is None:
            print(f"{method}: direct time ÷ gateway time, median of the rounds' ratios {ratio:.2f} "
                  f"(per round: {per_round}; {of_medians}); no goal.")
        else:
            verdicts.goal(f"1 GiB {method}, direct time ÷ gateway time (-Xmx128m)", ratio, PUT_GOAL, True,
                          f"per round {per_round}; {of_medians}")
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
    elif command == "report":
        options = dict(zip(argv[2::2], argv[3::2]))
        if len(argv) % 2 or set(options) - {"--apache", "--demo", "--put", "--get", "--goals"}:
            sys.exit(__doc__)
        ok = report(options.get("--apache"), options.get("--demo"), options.get("--put"), options.get("--get"),
                    options.get("--goals", "yes") == "yes")
        return 0 if ok else 1
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
