#!/usr/bin/env bash
# Runs the JMH hot-path benchmark (benchmarks/) and prints each result with its ratio to the
# unscoped Bearer baseline measured in the same run. Extra arguments go to JMH, e.g. -f 3 -i 10.
# Usage: scripts/bench-jmh.sh [JMH options]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find filter/src/main benchmarks/src/main -newer "$jar" -type f -print -quit)" ]; then
  echo "building the benchmarks…" >&2
  mvn -B -q -DskipTests -pl benchmarks -am install >&2
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
java -jar "$jar" -rf json -rff "$out" "$@" HotPathBenchmark >&2

python3 - "$out" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
score = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in results}
base = score["unscopedBearer"]["score"]
print(f"{'benchmark':<18} {'ops/us':>8} {'± err':>8} {'µs/op':>8} {'× unscopedBearer':>17}")
for name, m in sorted(score.items()):
    s, e = m["score"], m["scoreError"]
    err = f"{e:.3f}" if e == e else "-"
    print(f"{name:<18} {s:8.3f} {err:>8} {1/s:8.2f} {s/base:17.2f}")
PY
