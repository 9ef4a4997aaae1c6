#!/usr/bin/env bash
# Walks `./patgate demo --cells` with curl only, and fails loudly when a step does not work: the
# gateway in mode cells in front of the Cells stand-in (webdav-demo --auth cells).
#   - a patgate token made with alice's demo password through patgate's token API;
#   - a REST stat and a WebDAV PROPFIND through the gateway with it (the gateway sends alice's Cells
#     token upstream in its place);
#   - the stand-in itself refuses that patgate token (REST 401; DAV 401 with Basic realm="Cells DAV")
#     and lists the Cells token the gateway minted for alice.
# Needs curl. Uses ports 8080 and 8081 on 127.0.0.1, like ./patgate demo; GATEWAY_PORT and
# BACKEND_PORT choose others (the scratch PATGATE_HOME then gets a copy of the config with them).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

work=$(mktemp -d)
export PATGATE_HOME="$work/home"
demo_pid=""
passed=0
failed=0

cleanup() {
  # The demo runs in its own process group: TERM reaches the launcher and both JVMs.
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -TERM -- "-$demo_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 -- "-$demo_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$demo_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

check() { # check NAME COMMAND...: runs the command, counts the outcome
  local name=$1; shift
  if "$@"; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "FAIL $name"; failed=$((failed + 1))
  fi
}

gateway_port=${GATEWAY_PORT:-8080}
backend_port=${BACKEND_PORT:-8081}
gateway=http://127.0.0.1:$gateway_port
standin=http://127.0.0.1:$backend_port
if [ "$gateway_port" != 8080 ] || [ "$backend_port" != 8081 ]; then
  mkdir -p "$PATGATE_HOME/config"
  cp "$repo/config/"* "$PATGATE_HOME/config/"
  sed -i -e "s/^  port: 8080$/  port: $gateway_port/" -e "s#http://127.0.0.1:8081#$standin#" \
    "$PATGATE_HOME/config/gateway-cells-demo.yaml"
fi

echo "== starting ./patgate demo --cells (PATGATE_HOME=$PATGATE_HOME)"
setsid ./patgate demo --cells > "$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$gateway/healthz" 2>/dev/null && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.log"; echo "demo exited early"; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "$gateway/healthz" || { cat "$work/demo.log"; echo "gateway never answered"; exit 1; }
for _ in $(seq 1 40); do grep -q 'Ctrl-C stops' "$work/demo.log" && break; sleep 0.25; done

banner_names_the_stand_in() {
  grep -q 'Cells stand-in' "$work/demo.log"
}
check "the banner says the backend is a Cells stand-in" banner_names_the_stand_in

made=$(curl -fsS -u alice:alice-demo -H 'Content-Type: application/json' \
    -d '{"auto": "30m", "label": "cells smoke"}' "$gateway/patgate/tokens") || made=""
T=$(printf '%s' "$made" | sed -n 's/.*"token":"\(patg_[0-9A-Za-z_]*\)".*/\1/p')
token_made() { [ -n "$T" ]; }
check "patgate token API: a token for alice with her demo password" token_made
echo "== token created (not shown)"

rest_stat_through_gateway() {
  curl -fsS -H "Authorization: Bearer $T" "$gateway/a/tree/stat/personal-files" | grep -q '"Path":"personal-files"'
}
check "REST stat through the gateway (Bearer patgate token)" rest_stat_through_gateway

propfind_through_gateway() {
  local code
  code=$(curl -s -o "$work/propfind.xml" -w '%{http_code}' -u "alice:$T" -X PROPFIND -H 'Depth: 1' \
      "$gateway/dav/personal-files/")
  [ "$code" = 207 ] && grep -q 'welcome.txt' "$work/propfind.xml"
}
check "WebDAV PROPFIND through the gateway (basic alice:patgate token)" propfind_through_gateway

cli_token_for_bob() {
  local b
  b=$(./patgate admin user token -c "$PATGATE_HOME/config/gateway-cells-demo.yaml" -u bob -e 1h -q) &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' -u "bob:$b" -X PROPFIND -H 'Depth: 0' \
        "$gateway/dav/personal-files/")" = 207 ]
}
check "a token for bob from the CLI (-c the cells config) works through the gateway" cli_token_for_bob

no_token_is_401() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -X PROPFIND -H 'Depth: 1' "$gateway/dav/personal-files/")" = 401 ]
}
check "the gateway without a token: 401" no_token_is_401

standin_refuses_patgate_token_on_rest() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $T" \
      "$standin/a/tree/stat/personal-files")" = 401 ]
}
check "the stand-in refuses the patgate token on REST: 401" standin_refuses_patgate_token_on_rest

standin_refuses_patgate_token_on_dav() {
  local headers
  headers=$(curl -s -o /dev/null -D - -u "alice:$T" -X PROPFIND -H 'Depth: 0' "$standin/dav/personal-files/" | tr -d '\r')
  printf '%s\n' "$headers" | head -n1 | grep -q ' 401' &&
    printf '%s\n' "$headers" | grep -qi '^WWW-Authenticate: Basic realm="Cells DAV"$'
}
check "the stand-in refuses the patgate token on WebDAV: 401, Basic realm=\"Cells DAV\"" standin_refuses_patgate_token_on_dav

standin_lists_the_minted_token() {
  local admin_file="$PATGATE_HOME/var/cells-demo/cells-admin.token" listed
  [ -f "$admin_file" ] || return 1
  [ "$(stat -c %a "$admin_file")" = 600 ] || return 1
  listed=$(curl -fsS -H "Authorization: Bearer $(cat "$admin_file")" -H 'Content-Type: application/json' \
      -d '{"ByUser": "alice"}' "$standin/a/auth/tokens")
  printf '%s' "$listed" | grep -q '"UserLogin":"alice"' && printf '%s' "$listed" | grep -q '"CreatedBy":"admin"'
}
check "the stand-in lists the Cells token the gateway minted for alice (admin token file, owner-only)" \
  standin_lists_the_minted_token

if [ -n "$T" ] && grep -q -e "$T" "$work/demo.log"; then
  echo "FAIL the patgate token appears in the demo's log"; failed=$((failed + 1))
elif grep -q -f <(cat "$PATGATE_HOME/var/cells-demo/cells-admin.token" 2>/dev/null || echo 'no admin token file') "$work/demo.log"; then
  echo "FAIL the Cells admin token appears in the demo's log"; failed=$((failed + 1))
else
  echo "ok   neither the patgate token nor the Cells admin token appears in the log"; passed=$((passed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || { echo "== demo log"; cat "$work/demo.log"; exit 1; }
