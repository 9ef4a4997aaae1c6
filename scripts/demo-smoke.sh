#!/usr/bin/env bash
# Walks the README's quick start on this machine, as a newcomer would, and fails loudly when a step
# does not work: ./patgate demo, a token from the CLI, curl with Bearer and with basic auth, the
# token API, rclone, cadaver, and a 1 GiB PUT through a gateway limited to a 128 MiB heap.
# Needs curl, rclone and cadaver (.ci/run installs them). Uses ports 8080 and 8081 on 127.0.0.1.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

work=$(mktemp -d)
export PATGATE_HOME="$work/home"
export PATGATE_JAVA_OPTS="-Xmx128m"
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

echo "== starting ./patgate demo (PATGATE_HOME=$PATGATE_HOME)"
setsid ./patgate demo > "$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null http://127.0.0.1:8080/healthz 2>/dev/null && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.log"; echo "demo exited early"; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || { cat "$work/demo.log"; echo "gateway never answered"; exit 1; }

T=$(./patgate admin user token -u alice -e 1h -q)
echo "== token created (not shown)"
gw=http://127.0.0.1:8080/dav/personal-files

propfind_lists() {
  curl -fsS -H "Authorization: Bearer $T" -X PROPFIND -H 'Depth: 1' "$gw/" | grep -q 'welcome.txt'
}
check "PROPFIND with Bearer lists alice's files" propfind_lists

no_token_is_401() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -X PROPFIND -H 'Depth: 1' "$gw/")" = 401 ]
}
check "PROPFIND without credentials is 401" no_token_is_401

echo "hello from curl" > "$work/f"
upload_with_basic() {
  curl -fsS -u "alice:$T" -T "$work/f" "$gw/f" >/dev/null &&
    [ "$(curl -fsS -u "alice:$T" "$gw/f")" = "hello from curl" ]
}
check "PUT and GET with login + token as basic auth" upload_with_basic

wrong_user_is_401() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -u "bob:$T" "$gw/f")" = 401 ]
}
check "bob cannot use alice's token" wrong_user_is_401

api_token=""
api_round_trip() {
  # the README's token API example: create with the demo password, use, revoke, refused at once
  local made id
  made=$(curl -fsS -u alice:alice-demo -H 'Content-Type: application/json' \
      -d '{"auto": "30m", "expire": "30d", "label": "laptop"}' http://127.0.0.1:8080/patgate/tokens)
  api_token=$(printf '%s' "$made" | sed -n 's/.*"token":"\(patg_[0-9A-Za-z_]*\)".*/\1/p')
  local token=$api_token
  id=$(printf '%s' "$made" | sed -n 's/.*"id":"\([0-9A-Za-z]*\)".*/\1/p')
  [ -n "$token" ] && [ -n "$id" ] || return 1
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$gw/f" &&
    curl -fsS -u alice:alice-demo http://127.0.0.1:8080/patgate/tokens | grep -q "\"$id\"" &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' -u alice:alice-demo -X DELETE \
        "http://127.0.0.1:8080/patgate/tokens/$id")" = 204 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$gw/f")" = 401 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $T" http://127.0.0.1:8080/patgate/tokens)" = 401 ]
}
check "token API: create with login + password, use, list, revoke (refused at once); a token cannot call it" api_round_trip

export RCLONE_CONFIG="$work/rclone.conf"
: > "$RCLONE_CONFIG"
rclone_round_trip() {
  local pass
  pass=$(rclone obscure "$T")
  mkdir -p "$work/up" "$work/down"
  head -c 300000 /dev/urandom > "$work/up/random.bin"
  echo "second file" > "$work/up/note.txt"
  rclone copy "$work/up" :webdav:rclone-test --webdav-url "$gw" --webdav-vendor other \
    --webdav-user alice --webdav-pass "$pass" &&
    rclone copy :webdav:rclone-test "$work/down" --webdav-url "$gw" --webdav-vendor other \
      --webdav-user alice --webdav-pass "$pass" &&
    cmp "$work/up/random.bin" "$work/down/random.bin" && cmp "$work/up/note.txt" "$work/down/note.txt"
}
check "rclone copy up and down, bytes equal" rclone_round_trip

cadaver_session() {
  # cadaver reads credentials from ~/.netrc and always exits 0: judge it by what it prints.
  local out
  printf 'machine 127.0.0.1\nlogin alice\npassword %s\n' "$T" > "$work/netrc"
  chmod 600 "$work/netrc"
  echo "from cadaver" > "$work/c.txt"
  out=$(cd "$work" && HOME="$work" bash -c 'cp netrc .netrc; printf "put c.txt\nls\nget c.txt c-back.txt\nquit\n" | cadaver http://127.0.0.1:8080/dav/personal-files/' 2>&1) || true
  echo "$out" | grep -q 'c.txt' && cmp "$work/c.txt" "$work/c-back.txt" && ! echo "$out" | grep -qi 'failed'
}
check "cadaver put, ls and get" cadaver_session

big_put() {
  # 1 GiB streamed through a gateway whose heap is capped at 128 MiB (PATGATE_JAVA_OPTS above).
  local code size
  code=$(head -c 1073741824 /dev/zero | curl -s -o /dev/null -w '%{http_code}' -u "alice:$T" -T - "$gw/big.bin")
  size=$(curl -fsS -I -u "alice:$T" "$gw/big.bin" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-length"{print $2}')
  [[ "$code" =~ ^20[14]$ ]] && [ "$size" = 1073741824 ]
}
check "1 GiB PUT through a 128 MiB gateway" big_put

# (the demo prints the demo users' passwords on purpose; the audit lines must not hold them)
if grep -q -e "$T" -e "${api_token:-$T}" "$work/demo.log" || grep audit "$work/demo.log" | grep -q alice-demo; then
  echo "FAIL a token or a password appears in the demo's log"; failed=$((failed + 1))
else
  echo "ok   neither the tokens nor the password appear in the log"; passed=$((passed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
