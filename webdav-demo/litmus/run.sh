#!/usr/bin/env bash
# Runs the litmus WebDAV test suite against webdav-demo, without the gateway:
# starts the shaded jar on a fresh data directory and a free port, puts identity_proxy.py in front
# of it (it signs X-Patgate-Identity as the gateway would), runs litmus, and stops both.
#
#   mvn -B -q -pl webdav-demo -DskipTests package
#   webdav-demo/litmus/run.sh [litmus suites...]      # default: basic copymove props locks http
#
# Needs litmus (Debian: apt-get install litmus) and python3. LITMUS_LOGIN picks the login (alice).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar=$(ls "$here"/../target/patgate-webdav-demo-*-all.jar 2>/dev/null | head -n1)
[[ -n "$jar" ]] || { echo "run: build the jar first (mvn -B -q -pl webdav-demo -DskipTests package)" >&2; exit 2; }
login=${LITMUS_LOGIN:-alice}

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())' > "$work/identity.key"
backend_port=$(free_port)
proxy_port=$(free_port)

java -Xmx256m -jar "$jar" --port "$backend_port" --data "$work/data" --identity-key "$work/identity.key" \
    > "$work/backend.log" 2>&1 &
pids+=($!)
python3 "$here/identity_proxy.py" --listen "127.0.0.1:$proxy_port" --upstream "127.0.0.1:$backend_port" \
    --key "$work/identity.key" --login "$login" > "$work/proxy.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 100); do
    grep -q "listening on" "$work/backend.log" 2>/dev/null && break
    sleep 0.1
done
grep -q "listening on" "$work/backend.log" || { cat "$work/backend.log" >&2; exit 1; }

export TESTS="${*:-basic copymove props locks http}"
cd "$work"
litmus -k "http://127.0.0.1:$proxy_port/dav/personal-files/" "$login" unused || status=$?
if [[ -n "${LITMUS_KEEP_LOG:-}" ]]; then cp "$work/debug.log" "$LITMUS_KEEP_LOG"; fi
exit "${status:-0}"
