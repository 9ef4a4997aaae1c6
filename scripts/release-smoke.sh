#!/usr/bin/env bash
# Installs the release archive as docs/operations.md says, into a temporary directory, and runs it:
#   1. unpacks dist/target/patgate-VERSION.tar.gz (the installed layout: opt/, etc/, state/);
#   2. `keys init`, adds a user, starts `bin/patgate serve` in front of webdav-demo on free ports;
#   3. creates a token, uses it through the gateway, checks /healthz and the refusal without a token;
#   4. takes an online backup (keys + sqlite3 .backup), stops the gateway with SIGTERM, checks that it
#      stopped cleanly and never logged the token, restores the backup into an empty state directory
#      and uses the token again;
#   5. runs `systemd-analyze verify` on the shipped unit, against a private root holding the files the
#      unit names, so it needs neither a running systemd nor anything installed in /opt, and
#      `systemd-analyze security --offline` on it (exposure 2.0 or lower).
# The archive and the demo jar come from `mvn package` (built here when missing). PATGATE_RELEASE_ARCHIVE
# names another archive. Needs java, curl, sqlite3 and systemd-analyze (systemd).
# Every wait is bounded; everything it started is stopped, and its directory removed, on exit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

lib_init
need curl curl
need systemd-analyze systemd
need sqlite3 sqlite3
install_needed

archive=${PATGATE_RELEASE_ARCHIVE:-$LIB_REPO/dist/target/patgate-$LIB_VERSION.tar.gz}
demo_jar=$LIB_REPO/webdav-demo/target/patgate-webdav-demo-$LIB_VERSION-all.jar
if [ -z "${PATGATE_RELEASE_ARCHIVE:-}" ] && { [ ! -f "$archive" ] || [ ! -f "$demo_jar" ]; }; then
    say "building the release archive (mvn -B -q -DskipTests -pl dist,webdav-demo -am package)"
    (cd "$LIB_REPO" && MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" \
        mvn -B -q -Dstyle.color=never -DskipTests -pl dist,webdav-demo -am package) >"$WORK/build.log" 2>&1 ||
        { lib_show_tail "$WORK/build.log" 20; die "the build failed"; }
fi
[ -f "$archive" ] || die "no release archive at $archive (run mvn package)"
[ -f "$demo_jar" ] || die "no webdav-demo jar at $demo_jar (run mvn package)"

# 1. The installed layout of docs/operations.md, below $WORK instead of /.
OPT=$WORK/opt/patgate
ETC=$WORK/etc/patgate
STATE=$WORK/state/patgate
mkdir -p "$WORK/opt" "$ETC" "$STATE"
tar -xzf "$archive" -C "$WORK/opt"
mv "$WORK/opt/patgate-$LIB_VERSION" "$OPT"
check "the archive holds the launcher, the jar, config/ and the unit" \
    test -x "$OPT/bin/patgate" -a -f "$OPT/lib/patgate.jar" -a -f "$OPT/config/gateway.yaml" \
    -a -f "$OPT/config/users.yaml" -a -f "$OPT/systemd/patgate.service"
no_demo_users() { ! grep -Eq '^[[:space:]]+(alice|bob|admin):' "$OPT/config/users.yaml"; }
check "the shipped users.yaml has no demo users" no_demo_users

free_port 18381; DEMO_PORT=$FREE_PORT
free_port 18380; GW_PORT=$FREE_PORT
cp "$OPT/config/"* "$ETC/"
# The documented edits (data_dir, users_file), plus this test's ports.
sed -i -e "s|^data_dir: .*|data_dir: $STATE|" \
    -e "s|^users_file: .*|users_file: $ETC/users.yaml|" \
    -e "s|^\(  port:\) *[0-9]*|\1 $GW_PORT|" \
    -e "s|^\(  url:\) *http://127.0.0.1:8081|\1 http://127.0.0.1:$DEMO_PORT|" \
    -e "s|^\(  stop_timeout:\) *[0-9a-z]*|\1 5s|" \
    "$ETC/gateway.yaml"
for expected in "data_dir: $STATE" "users_file: $ETC/users.yaml" "  port: $GW_PORT" "  url: http://127.0.0.1:$DEMO_PORT"; do
    grep -qF "$expected" "$ETC/gateway.yaml" || die "could not set '$expected' in gateway.yaml: has its layout changed?"
done
export PATGATE_HOME=$STATE PATGATE_CONFIG=$ETC/gateway.yaml
patgate() { "$OPT/bin/patgate" "$@"; }

# 2. Keys, a user, the backend and the gateway.
check "keys init creates token.key and identity.key" patgate keys init
owner_only() { [ "$(stat -c %a "$STATE/token.key")" = 600 ] && [ "$(stat -c %a "$STATE/identity.key")" = 600 ]; }
check "the keys are owner-only" owner_only

# The one place that creates a user: `admin user add` with the password on standard input.
# (Once `admin user add` exists: printf '%s\n' "$password" | patgate admin user add alice --password-stdin)
add_user() { # add_user LOGIN PASSWORD: the password on standard input, never in argv
    printf '%s\n' "$2" | patgate admin user add "$1" --password-stdin
}
check "a user is added to the empty directory" add_user alice "release-smoke-$RANDOM$RANDOM"

start_bg "$WORK/webdav-demo.log" java -jar "$demo_jar" --host 127.0.0.1 --port "$DEMO_PORT" \
    --data "$WORK/demo-files" --identity-key "$STATE/identity.key"
wait_port 127.0.0.1 "$DEMO_PORT" "$BG_PID" "$WORK/webdav-demo.log"
start_bg "$WORK/gateway.log" "$OPT/bin/patgate" serve
GW_PID=$BG_PID
wait_port 127.0.0.1 "$GW_PORT" "$GW_PID" "$WORK/gateway.log"
GW=http://127.0.0.1:$GW_PORT
say "webdav-demo on 127.0.0.1:$DEMO_PORT, the archive's gateway on $GW"

# 3. A token, used through the gateway.
healthz() { [ "$(curl -sS --max-time 10 "$GW/healthz")" = ok ]; }
check "/healthz answers ok" healthz
T=$(patgate admin user token -u alice -e 1h -l release-smoke -q) || die "no token was created"
echo "hello from the release archive" >"$WORK/hello.txt"
put_and_get() {
    curl -fsS --max-time 20 -H "Authorization: Bearer $T" -T "$WORK/hello.txt" "$GW/dav/personal-files/hello.txt" &&
        [ "$(curl -fsS --max-time 20 -u "alice:$T" "$GW/dav/personal-files/hello.txt")" = "hello from the release archive" ]
}
check "PUT and GET through the gateway with the token" put_and_get
no_token_401() { [ "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$GW/dav/personal-files/")" = 401 ]; }
check "without a token: 401" no_token_401
listed() { patgate admin token list -u alice | grep -q release-smoke; }
check "admin token list shows the token" listed
own_c_wins() { PATGATE_CONFIG=$WORK/nowhere.yaml "$OPT/bin/patgate" admin token list -u alice -c "$ETC/gateway.yaml" | grep -q release-smoke; }
check "bin/patgate: -c on the command line wins over PATGATE_CONFIG" own_c_wins
no_java() { ! JAVA_HOME=$WORK/no-java "$OPT/bin/patgate" -V 2>"$WORK/no-java.err" && grep -q "set JAVA_HOME" "$WORK/no-java.err"; }
check "bin/patgate: a missing java is one line saying what to do" no_java

# An online backup, as docs/operations.md shows it: the keys and a consistent copy of the SQLite file.
backup() {
    mkdir -p "$WORK/backup" &&
        cp -p "$STATE/token.key" "$STATE/identity.key" "$WORK/backup/" &&
        sqlite3 "$STATE/patgate.db" ".backup '$WORK/backup/patgate.db'" &&
        [ "$(sqlite3 "$WORK/backup/patgate.db" 'SELECT count(*) FROM patgate_tokens')" = 1 ]
}
check "an online backup (keys, sqlite3 .backup) holds the token" backup

# 4. A clean stop: SIGTERM, then the JVM ends within listen.stop_timeout and says so.
stop_gateway() {
    kill -TERM "$GW_PID"
    local i status=0
    for ((i = 0; i < 100; i++)); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$GW_PID" 2>/dev/null && { echo "still running 20 s after SIGTERM"; return 1; }
    wait "$GW_PID" || status=$?
    echo "exit status $status"
    # the JVM ends with 143 when it stops on SIGTERM; the unit lists it in SuccessExitStatus
    { [ "$status" = 0 ] || [ "$status" = 143 ]; } && grep -q "patgate stopped" "$WORK/gateway.log"
}
check "the gateway stops on SIGTERM within 20 s" stop_gateway
no_trace() { ! grep -Eq 'Exception|^\s+at ' "$WORK/gateway.log"; }
check "its log has no stack trace" no_trace
check "the token never reached a log" token_not_logged "$T" "$WORK/gateway.log" "$WORK/webdav-demo.log"

# The backup restored into an empty state directory: the same token works again.
rm -rf "$STATE" && mkdir -p "$STATE" && cp -p "$WORK/backup/"* "$STATE/"
start_bg "$WORK/gateway-restored.log" "$OPT/bin/patgate" serve
GW_PID=$BG_PID
wait_port 127.0.0.1 "$GW_PORT" "$GW_PID" "$WORK/gateway-restored.log"
restored() { [ "$(curl -fsS --max-time 20 -u "alice:$T" "$GW/dav/personal-files/hello.txt")" = "hello from the release archive" ]; }
check "after a restore from the backup, the token works" restored
stop_bg "$GW_PID"

# 5. systemd-analyze verify, against a private root: it checks that ExecStart and ExecReload exist,
# and that the dependencies (network-online.target, ...) resolve, so those go into the root.
verify_unit() {
    local root=$WORK/sdroot
    mkdir -p "$root/opt/patgate/bin" "$root/etc/systemd/system" "$root/usr/lib/systemd" "$root/bin"
    cp "$OPT/bin/patgate" "$root/opt/patgate/bin/"
    cp "$OPT/systemd/patgate.service" "$root/etc/systemd/system/"
    cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
    cp /bin/kill "$root/bin/kill"
    local out rc=0
    out=$(systemd-analyze verify --root="$root" /etc/systemd/system/patgate.service 2>&1) || rc=$?
    echo "$out"
    # verify exits 0 on unknown keys or bad values too, with a warning: any output fails the check
    [ "$rc" -eq 0 ] && [ -z "$out" ]
}
check "systemd-analyze verify accepts systemd/patgate.service" verify_unit
exposure() { # systemd's own rating of the sandbox, from 0 (locked down) to 10 (none); 1.7 when written
    local score
    score=$(systemd-analyze security --offline=yes --root="$WORK/sdroot" patgate.service 2>&1 |
        sed -n 's/.*Overall exposure level for patgate.service: \([0-9.]*\).*/\1/p')
    echo "exposure: ${score:-none}"
    [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'
}
check "systemd-analyze security rates the unit's exposure 2.0 or lower" exposure
hardened() {
    local unit=$OPT/systemd/patgate.service key
    for key in DynamicUser=yes StateDirectory=patgate ConfigurationDirectory=patgate ProtectSystem=strict \
        ProtectHome=yes PrivateTmp=yes PrivateDevices=yes NoNewPrivileges=yes CapabilityBoundingSet= UMask=0077 \
        'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' SystemCallFilter=@system-service; do
        grep -qxF "$key" "$unit" || { echo "missing: $key"; return 1; }
    done
}
check "the unit keeps its hardening" hardened

summary
