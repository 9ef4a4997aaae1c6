# Shared helpers for the client conformance and benchmark scripts (scripts/clients.sh, scripts/litmus.sh,
# scripts/bench-macro.sh).
# Source it; it does nothing by itself. Every server it starts runs in its own process group and is
# stopped by lib_cleanup (call it from the script's EXIT trap), with bounded waits.
# shellcheck shell=bash

# Debian puts apache2, mount.davfs and modprobe in sbin.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" ;; esac
LIB_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
LIB_VERSION=0.1.0-SNAPSHOT
LIB_PIDS=()          # process-group leaders started by start_bg, stopped in reverse order
LIB_CLEANUPS=()      # commands run by lib_cleanup before the processes are stopped
PASSED=0
FAILED=0
SKIPPED=0
WORK=""

say() { printf '== %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ok NAME / bad NAME [DETAIL] / skip NAME REASON: count one outcome and print one line.
ok() { printf 'ok   %s\n' "$1"; PASSED=$((PASSED + 1)); }
bad() { printf 'FAIL %s%s\n' "$1" "${2:+ ($2)}"; FAILED=$((FAILED + 1)); }
skip() { printf 'SKIP %s: %s\n' "$1" "$2"; SKIPPED=$((SKIPPED + 1)); }

# check NAME COMMAND...: runs the command (its output goes to the log), counts the outcome.
check() {
    local name=$1 rc=0; shift
    "$@" >"$WORK/check.cur" 2>&1 || rc=$?
    { echo "### $name (exit $rc)"; cat "$WORK/check.cur"; } >>"$WORK/check.log"
    if [ "$rc" -eq 0 ]; then ok "$name"; else bad "$name" "exit $rc"; lib_show_tail "$WORK/check.cur" 20; fi
}

lib_show_tail() { # lib_show_tail FILE [LINES]: the end of a log, indented
    [ -f "$1" ] && tail -n "${2:-15}" "$1" | sed 's/^/    | /'
    return 0
}

summary() { # prints the closing line and returns non-zero when anything failed
    if [ "$SKIPPED" -gt 0 ]; then
        echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
    else
        echo "$PASSED passed, $FAILED failed"
    fi
    [ "$FAILED" -eq 0 ]
}

# lib_init: a private work directory, cleaned up (with every process started) on exit.
lib_init() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/patgate-conf.XXXXXX")
    chmod 755 "$WORK"
    : >"$WORK/check.log"
    trap lib_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

lib_cleanup() {
    local status=$?
    local c pid i
    for c in ${LIB_CLEANUPS[@]+"${LIB_CLEANUPS[@]}"}; do
        eval "$c" >/dev/null 2>&1 || true
    done
    for ((i = ${#LIB_PIDS[@]} - 1; i >= 0; i--)); do
        stop_bg "${LIB_PIDS[$i]}"
    done
    if [ -n "$WORK" ] && [ -z "${KEEP_WORK:-}" ]; then
        # Never remove anything below a mount point that is still there.
        if ! grep -q " $WORK/" /proc/mounts 2>/dev/null; then rm -rf "$WORK"; fi
    fi
    exit "$status"
}

on_cleanup() { LIB_CLEANUPS+=("$1"); }

# need CMD PACKAGE...: remember the packages to install when CMD is missing; install_needed installs.
LIB_APT=()
need() {
    local cmd=$1; shift
    command -v "$cmd" >/dev/null 2>&1 || LIB_APT+=("$@")
}
install_needed() {
    [ ${#LIB_APT[@]} -gt 0 ] || return 0
    say "installing ${LIB_APT[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${LIB_APT[@]}" >"$WORK/apt.log" 2>&1 ||
        { lib_show_tail "$WORK/apt.log" 30; die "apt-get install ${LIB_APT[*]} failed"; }
    LIB_APT=()
}

# answers HOST PORT: whether something accepts TCP connections there.
answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# free_port BASE: sets FREE_PORT to the first port from BASE on that nobody listens on and that no
# earlier call gave. (Not to be called in $(...).)
LIB_PORTS=" "
FREE_PORT=""
free_port() {
    local p=$1
    while [ "$p" -lt $(($1 + 500)) ]; do
        if [[ "$LIB_PORTS" != *" $p "* ]] && ! answers 127.0.0.1 "$p"; then
            LIB_PORTS="$LIB_PORTS$p "
            FREE_PORT=$p
            return 0
        fi
        p=$((p + 1))
    done
    die "no free port from $1 to $(($1 + 499))"
}

# start_bg LOG COMMAND...: runs COMMAND in its own session and process group; sets BG_PID.
# (Not to be called in $(...): the PID must reach LIB_PIDS in this shell.)
BG_PID=""
start_bg() {
    local log=$1; shift
    setsid "$@" >"$log" 2>&1 </dev/null &
    BG_PID=$!
    LIB_PIDS+=("$BG_PID")
}

# stop_bg PID: TERM to its process group, up to 20 s, then KILL.
stop_bg() {
    local pid=$1
    kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
        kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# wait_port HOST PORT PID LOG [SECONDS]: until the port answers; fails if PID dies or time runs out.
wait_port() {
    local host=$1 port=$2 pid=$3 log=$4 secs=${5:-60} i
    for ((i = 0; i < secs * 5; i++)); do
        answers "$host" "$port" && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            lib_show_tail "$log" 30
            die "process $pid ($log) exited before listening on $host:$port"
        fi
        sleep 0.2
    done
    lib_show_tail "$log" 30
    die "nothing listens on $host:$port after ${secs}s ($log)"
}

# apache_dav DIR PORT [EXTRA_CONF]: a private Apache httpd (Debian's apache2, mpm_event) with mod_dav
# and no authentication on 127.0.0.1:PORT. Everything lives under DIR: its configuration
# (DIR/httpd.conf), pid file, error log (DIR/logs/error.log), lock database, and the document root
# DIR/htdocs, where DAV is on below DIR/htdocs/dav/ (created, and chowned to www-data with whatever
# the caller put there first). EXTRA_CONF is appended to the configuration as it is. It runs in the
# foreground in its own process group, stopped by lib_cleanup or stop_bg; sets APACHE_PID.
# The caller installs it first (need apache2 apache2).
APACHE_PID=""
APACHE_MODULES=/usr/lib/apache2/modules
apache_dav() {
    local dir=$1 port=$2 extra=${3:-} m
    for m in mpm_event authz_core dav dav_fs; do
        [ -f "$APACHE_MODULES/mod_$m.so" ] || die "$APACHE_MODULES/mod_$m.so is missing (Debian's apache2 ships it)"
    done
    mkdir -p "$dir/htdocs/dav" "$dir/run" "$dir/lock" "$dir/logs"
    chown -R www-data:www-data "$dir/htdocs/dav" "$dir/lock"
    chmod 755 "$dir" "$dir/htdocs"
    cat >"$dir/httpd.conf" <<EOF
# Private Apache with mod_dav: its own root, pid file, logs and lock database; DAV without auth.
ServerRoot $dir
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile $dir/run/httpd.pid
DefaultRuntimeDir $dir/run
ErrorLog $dir/logs/error.log
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module $APACHE_MODULES/mod_mpm_event.so
LoadModule authz_core_module $APACHE_MODULES/mod_authz_core.so
LoadModule dav_module $APACHE_MODULES/mod_dav.so
LoadModule dav_fs_module $APACHE_MODULES/mod_dav_fs.so
DocumentRoot $dir/htdocs
DavLockDB $dir/lock/DavLock
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory $dir/htdocs/dav>
    Dav On
    Require all granted
</Directory>
EOF
    [ -z "$extra" ] || printf '%s\n' "$extra" >>"$dir/httpd.conf"
    apache2 -t -f "$dir/httpd.conf" >"$dir/logs/configtest.log" 2>&1 ||
        { cat "$dir/logs/configtest.log"; die "the Apache configuration $dir/httpd.conf does not load"; }
    start_bg "$dir/logs/stdout.log" apache2 -f "$dir/httpd.conf" -DFOREGROUND
    APACHE_PID=$BG_PID
    wait_port 127.0.0.1 "$port" "$APACHE_PID" "$dir/logs/error.log" 30
}

# Jars: build when missing or older than the sources (as ./patgate does), then copy them into WORK so
# that a rebuild elsewhere during the run cannot pull them away mid-test. PATGATE_GATEWAY_JAR and
# PATGATE_DEMO_JAR, when both set, name jars to use as they are (no build).
GW_JAR=""
DEMO_JAR=""
lib_stale() {
    local jar=$1; shift
    [ -f "$jar" ] || return 0
    local dirs=("$LIB_REPO/pom.xml") m
    for m in "$@"; do dirs+=("$LIB_REPO/$m/pom.xml" "$LIB_REPO/$m/src/main"); done
    [ -n "$(find "${dirs[@]}" -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}
lib_copy_jars() { # lib_copy_jars GATEWAY_JAR DEMO_JAR: copy and check that both start
    cp "$1" "$WORK/jars/gateway.jar" 2>/dev/null && cp "$2" "$WORK/jars/demo.jar" 2>/dev/null &&
        java -jar "$WORK/jars/gateway.jar" -V >/dev/null 2>&1 &&
        java -jar "$WORK/jars/demo.jar" --help >/dev/null 2>&1 &&
        GW_JAR="$WORK/jars/gateway.jar" && DEMO_JAR="$WORK/jars/demo.jar"
}
lib_jars() {
    local gw="$LIB_REPO/gateway/target/patgate-gateway-$LIB_VERSION-all.jar"
    local demo="$LIB_REPO/webdav-demo/target/patgate-webdav-demo-$LIB_VERSION-all.jar"
    local try built
    command -v java >/dev/null || die "java (17+) is needed"
    mkdir -p "$WORK/jars"
    if [ -n "${PATGATE_GATEWAY_JAR:-}" ] && [ -n "${PATGATE_DEMO_JAR:-}" ]; then
        lib_copy_jars "$PATGATE_GATEWAY_JAR" "$PATGATE_DEMO_JAR" || die "PATGATE_GATEWAY_JAR / PATGATE_DEMO_JAR do not run"
        say "using the jars $PATGATE_GATEWAY_JAR and $PATGATE_DEMO_JAR as they are"
        return 0
    fi
    for try in 1 2 3; do
        built=yes
        if lib_stale "$gw" filter gateway || lib_stale "$demo" webdav-demo; then
            say "building the jars (mvn -B -q -DskipTests package)"
            command -v mvn >/dev/null || die "Maven (mvn) is needed to build patgate"
            if ! (cd "$LIB_REPO" && mvn -B -q -Dstyle.color=never -DskipTests package) >"$WORK/build.log" 2>&1; then
                built=no
                lib_show_tail "$WORK/build.log" 10
                echo "build failed (try $try)"
            fi
        fi
        if [ "$built" = yes ] && lib_copy_jars "$gw" "$demo"; then return 0; fi
        [ "$try" -lt 3 ] && sleep 15
    done
    # The sources may be mid-edit by someone else: jars that run are better than none, but say so.
    if lib_copy_jars "$gw" "$demo"; then
        echo "WARNING: the build fails; testing the existing jars, which are older than the sources"
        return 0
    fi
    die "could not build or copy usable jars"
}

# gw_home DIR PORT UPSTREAM_URL IDENTITY ROUTE...: a private PATGATE_HOME with its own gateway.yaml.
gw_home() {
    local dir=$1 port=$2 upstream=$3 identity=$4; shift 4
    mkdir -p "$dir/config" "$dir/var"
    cp "$LIB_REPO/config/users.yaml" "$LIB_REPO/config/logback.xml" "$dir/config/"
    {
        echo "listen:"
        echo "  host: 127.0.0.1"
        echo "  port: $port"
        echo "  stop_timeout: 5s"
        echo "upstream:"
        echo "  url: $upstream"
        echo "  identity: $identity"
        echo "routes:"
        local r
        for r in "$@"; do echo "  - $r"; done
        echo "data_dir: $dir/var"
        echo "users_file: $dir/config/users.yaml"
    } >"$dir/config/gateway.yaml"
}

# gw CONF ARGS...: the gateway's command line with that configuration.
gw() {
    local conf=$1; shift
    PATGATE_HOME=$(dirname "$(dirname "$conf")") java -jar "$GW_JAR" "$@" -c "$conf"
}

# start_gateway CONF PORT LOG: serve until cleanup.
start_gateway() {
    local conf=$1 port=$2 log=$3
    gw "$conf" keys init >/dev/null
    start_bg "$log" env PATGATE_HOME="$(dirname "$(dirname "$conf")")" java -jar "$GW_JAR" serve --allow-demo-users -c "$conf"
    wait_port 127.0.0.1 "$port" "$BG_PID" "$log"
    local i
    for ((i = 0; i < 100; i++)); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
        sleep 0.2
    done
    die "the gateway on $port does not answer /healthz ($log)"
}

# start_demo_stack: webdav-demo and a gateway in front of it, on their own ports.
# Sets DEMO_PORT, GW_PORT, GW_CONF, GW_URL (http://127.0.0.1:PORT).
start_demo_stack() {
    free_port "${1:-18081}"; DEMO_PORT=$FREE_PORT
    free_port "${2:-18080}"; GW_PORT=$FREE_PORT
    local home="$WORK/gw-demo"
    gw_home "$home" "$GW_PORT" "http://127.0.0.1:$DEMO_PORT" signed-identity /dav/ /a/ /n/
    GW_CONF="$home/config/gateway.yaml"
    gw "$GW_CONF" keys init >/dev/null
    start_bg "$WORK/webdav-demo.log" java -jar "$DEMO_JAR" --host 127.0.0.1 --port "$DEMO_PORT" \
        --data "$home/var/demo-files" --identity-key "$home/var/identity.key"
    wait_port 127.0.0.1 "$DEMO_PORT" "$BG_PID" "$WORK/webdav-demo.log"
    start_gateway "$GW_CONF" "$GW_PORT" "$WORK/gateway-demo.log"
    GW_URL="http://127.0.0.1:$GW_PORT"
    say "webdav-demo on 127.0.0.1:$DEMO_PORT, gateway on $GW_URL"
}

# new_token CONF [ARGS...]: a token for alice valid one hour, printed alone.
new_token() {
    local conf=$1; shift
    gw "$conf" admin user token -u alice -e 1h -q "$@"
}

# token_not_logged TOKEN LOG...: the secret never appears in the logs.
token_not_logged() {
    local t=$1; shift
    ! grep -qF "$t" "$@" 2>/dev/null
}
