#!/usr/bin/env bash
# Third-party WebDAV clients through patgate, with login + token as basic auth, on loopback:
#   rclone  copy up and down, sync (a local deletion reaches the server), byte-exact round trip of
#           several files (a few MB of random bytes, a name with a space and non-ASCII letters)
#   cadaver a scripted session: put, ls, get, mkcol, move, delete, rmcol (judged by what it prints)
#   davfs2  a kernel mount: write, read back, list, rename, delete, unmount (SKIP where this machine
#           cannot mount at all: no FUSE/coda, no permission)
# It starts webdav-demo and a gateway on free ports from 18180 on, in a private PATGATE_HOME, and
# stops everything it started on exit. Installs rclone, cadaver, davfs2, curl when missing (Debian).
# Usage: scripts/clients.sh            (KEEP_WORK=1 keeps the work directory for a look afterwards)
# Ends with "N passed, N failed[, N skipped]" and exits non-zero when anything failed.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

lib_init
need curl curl
need rclone rclone
need cadaver cadaver
need mount.davfs davfs2
need setsid util-linux
need perl perl
install_needed
lib_jars
start_demo_stack 18181 18180

T=$(new_token "$GW_CONF") || die "could not create a token"
DAV="$GW_URL/dav/personal-files"
say "token created for alice (not shown); WebDAV root $DAV/"

# curl_code METHOD PATH [CURL ARGS]: the status of one request with login + token.
curl_code() {
    local m=$1 p=$2; shift 2
    curl -s -o /dev/null -w '%{http_code}' -u "alice:$T" -X "$m" "$@" "$DAV/$p"
}
# server_has PATH / server_lacks PATH: what the server says, not what the client believes.
server_has() { [ "$(curl_code HEAD "$1" -I)" = 200 ]; }
server_lacks() { [ "$(curl_code HEAD "$1" -I)" = 404 ]; }
# server_bytes_equal PATH FILE: GET through the gateway and compare with a local file.
server_bytes_equal() { curl -fsS -u "alice:$T" "$DAV/$1" -o "$WORK/get.tmp" && cmp "$WORK/get.tmp" "$2"; }
# urlenc TEXT: percent-encodes a path segment (UTF-8 bytes).
urlenc() { perl -e 'my $s=$ARGV[0]; $s =~ s/([^A-Za-z0-9._~-])/sprintf("%%%02X", ord($1))/ge; print $s' "$1"; }

############################################################################ rclone
say "rclone $(rclone version 2>/dev/null | head -n1 | awk '{print $2}')"
export RCLONE_CONFIG="$WORK/rclone.conf"
: >"$RCLONE_CONFIG"
RPASS=$(rclone obscure "$T")
R=(--webdav-url "$DAV" --webdav-vendor other --webdav-user alice --webdav-pass "$RPASS"
    --retries 1 --low-level-retries 2 --contimeout 10s --timeout 60s)
UNI="héllo wörld ✓ é.txt"           # a space, combining-free non-ASCII letters and a symbol
mkdir -p "$WORK/up/sub" "$WORK/down" "$WORK/back"
head -c $((5 * 1024 * 1024 + 123)) /dev/urandom >"$WORK/up/random-5M.bin"
printf 'unicode name\n%s\n' "$UNI" >"$WORK/up/$UNI"
printf 'a small text file\n' >"$WORK/up/small.txt"
: >"$WORK/up/empty.txt"
head -c 70000 /dev/urandom >"$WORK/up/sub/nested.bin"

rclone_copy_up() { timeout 300 rclone copy "$WORK/up" :webdav:rc "${R[@]}"; }
check "rclone copy up (5 files incl. 5 MB random and '$UNI')" rclone_copy_up

server_side_bytes() {
    server_bytes_equal "rc/random-5M.bin" "$WORK/up/random-5M.bin" &&
        server_bytes_equal "rc/$(urlenc "$UNI")" "$WORK/up/$UNI" &&
        server_bytes_equal "rc/sub/nested.bin" "$WORK/up/sub/nested.bin" &&
        server_has "rc/empty.txt"
}
check "rclone: the server holds the same bytes (GET through the gateway, cmp)" server_side_bytes

rclone_copy_down() { timeout 300 rclone copy :webdav:rc "$WORK/down" "${R[@]}"; }
check "rclone copy down" rclone_copy_down

same_tree() { # same_tree DIR1 DIR2: same relative names and sha256 of every file
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$WORK/sum1" &&
        (cd "$2" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$WORK/sum2" &&
        diff "$WORK/sum1" "$WORK/sum2" && [ "$(wc -l <"$WORK/sum1")" -eq 5 ]
}
check "rclone round trip: 5 files, names and sha256 equal" same_tree "$WORK/up" "$WORK/down"

rclone_check() { timeout 300 rclone check "$WORK/up" :webdav:rc --download "${R[@]}"; }
check "rclone check --download finds no difference" rclone_check

mkdir -p "$WORK/sync"
cp -a "$WORK/up/." "$WORK/sync/"
rclone_sync_first() { timeout 300 rclone sync "$WORK/sync" :webdav:rs "${R[@]}" && server_has "rs/small.txt"; }
check "rclone sync to a new folder" rclone_sync_first

rclone_sync_delete() {
    rm "$WORK/sync/small.txt"
    printf 'changed\n' >"$WORK/sync/sub/added.txt"
    timeout 300 rclone sync "$WORK/sync" :webdav:rs "${R[@]}" &&
        server_lacks "rs/small.txt" && server_bytes_equal "rs/sub/added.txt" "$WORK/sync/sub/added.txt" &&
        server_has "rs/random-5M.bin"
}
check "rclone sync: a local deletion and an addition reach the server" rclone_sync_delete

rclone_sync_back() {
    timeout 300 rclone sync :webdav:rs "$WORK/back" "${R[@]}" && same_tree_sync
}
same_tree_sync() {
    (cd "$WORK/sync" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$WORK/sum1" &&
        (cd "$WORK/back" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$WORK/sum2" &&
        diff "$WORK/sum1" "$WORK/sum2"
}
check "rclone sync back down: the same tree, byte for byte" rclone_sync_back

rclone_delete_remote() {
    timeout 120 rclone purge :webdav:rs "${R[@]}" && server_lacks "rs/"
}
check "rclone purge removes the folder" rclone_delete_remote

############################################################################ cadaver
say "cadaver $(cadaver --version 2>&1 | head -n1 | awk '{print $2}')"
CAD="$WORK/cadaver"
mkdir -p "$CAD"
printf 'machine 127.0.0.1\nlogin alice\npassword %s\n' "$T" >"$CAD/.netrc"
chmod 600 "$CAD/.netrc"
head -c 300000 /dev/urandom >"$CAD/c.bin"
printf 'from cadaver\n' >"$CAD/c.txt"
CMDS=(
    "mkcol cad"
    "cd cad"
    "put c.bin"
    "put c.txt"
    "ls"
    "get c.bin c-back.bin"
    "mkcol inner"
    "move c.txt inner/moved.txt"
    "ls inner"
    "get inner/moved.txt moved-back.txt"
    "delete c.bin"
    "ls"
)
(cd "$CAD" && printf '%s\n' "${CMDS[@]}" quit | HOME="$CAD" timeout 120 cadaver "$DAV/" >"$CAD/out.txt" 2>&1) || true
# Splits cadaver's transcript into one block per command (the prompt line echoes it).
cad_block() { # cad_block N: what cadaver printed for the N-th command (0-based)
    awk -v n="$1" '/^dav:[^>]*> /{i++} i==n+1' "$CAD/out.txt"
}
cad_step() { # cad_step N: that command printed "succeeded." and no "failed"
    local b
    b=$(cad_block "$1")
    grep -q 'succeeded\.' <<<"$b" && ! grep -qi 'failed' <<<"$b"
}
for i in "${!CMDS[@]}"; do
    case "${CMDS[$i]}" in
        "cd cad") # cd prints nothing on success, an error otherwise
            if [ -z "$(cad_block "$i" | sed 1d | tr -d '[:space:]')" ]; then ok "cadaver: ${CMDS[$i]}"; else bad "cadaver: ${CMDS[$i]}"; cad_block "$i" | sed 's/^/    | /'; fi ;;
        *)
            if cad_step "$i"; then ok "cadaver: ${CMDS[$i]}"; else bad "cadaver: ${CMDS[$i]}"; cad_block "$i" | sed 's/^/    | /'; fi ;;
    esac
done
cad_listed() { cad_block 4 | grep -q 'c\.bin' && cad_block 4 | grep -q 'c\.txt' && cad_block 8 | grep -q 'moved\.txt' &&
    ! cad_block 11 | grep -q 'c\.bin'; }
check "cadaver: ls shows what put, move and delete did" cad_listed
check "cadaver: get returns the bytes put (300 kB random)" cmp "$CAD/c.bin" "$CAD/c-back.bin"
check "cadaver: the moved file keeps its bytes" cmp "$CAD/c.txt" "$CAD/moved-back.txt"
cad_server_view() { server_lacks "cad/c.bin" && server_lacks "cad/c.txt" && server_bytes_equal "cad/inner/moved.txt" "$CAD/c.txt"; }
check "cadaver: the server agrees (moved, deleted)" cad_server_view

############################################################################ davfs2
say "davfs2 $(dpkg-query -W -f='${Version}' davfs2 2>/dev/null)"
MNT="$WORK/mnt"
davfs_possible() { # sets DAVFS_WHY when this machine cannot mount at all
    DAVFS_WHY=""
    if [ "$(id -u)" != 0 ]; then DAVFS_WHY="not root (mount -t davfs needs root here)"; return 1; fi
    if ! grep -qw fuse /proc/filesystems && ! grep -qw coda /proc/filesystems; then
        modprobe fuse 2>/dev/null || modprobe coda 2>/dev/null || true
    fi
    if ! grep -qw fuse /proc/filesystems && ! grep -qw coda /proc/filesystems; then
        DAVFS_WHY="the kernel has neither fuse nor coda ($(uname -r)), and modprobe could not load them"; return 1
    fi
    if grep -qw fuse /proc/filesystems && [ ! -c /dev/fuse ]; then
        mknod -m 666 /dev/fuse c 10 229 2>/dev/null || true
        if [ ! -c /dev/fuse ] && ! grep -qw coda /proc/filesystems; then
            DAVFS_WHY="/dev/fuse is missing and cannot be created"; return 1
        fi
    fi
    return 0
}

lock_probe() { # LOCK on a scratch file: 200 means the backend has WebDAV locks
    local code token
    curl -fsS -u "alice:$T" -T /dev/null "$DAV/lock-probe.txt" >/dev/null 2>&1 || true
    code=$(curl -s -D "$WORK/lock.h" -o /dev/null -w '%{http_code}' -u "alice:$T" -X LOCK \
        -H 'Content-Type: application/xml' -H 'Timeout: Second-60' \
        --data '<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>patgate-clients</D:owner></D:lockinfo>' \
        "$DAV/lock-probe.txt")
    token=$(tr -d '\r' <"$WORK/lock.h" | awk -F': ' 'tolower($1)=="lock-token"{print $2}')
    [ -n "$token" ] && curl -s -o /dev/null -u "alice:$T" -X UNLOCK -H "Lock-Token: $token" "$DAV/lock-probe.txt"
    curl -s -o /dev/null -u "alice:$T" -X DELETE "$DAV/lock-probe.txt"
    echo "$code"
}

if davfs_possible; then
    LOCKS=0
    code=$(lock_probe)
    if [ "$code" = 200 ]; then LOCKS=1; say "davfs2 with use_locks 1 (webdav-demo answered LOCK with 200)"
    else say "davfs2 with use_locks 0 (webdav-demo answered LOCK with $code)"; fi
    mkdir -p "$MNT" "$WORK/davcache"
    chown root:davfs2 "$WORK/davcache" 2>/dev/null || true
    chmod 775 "$WORK/davcache"
    printf 'use_locks %s\nbuf_size 64\ndelay_upload 0\nsecrets %s\ncache_dir %s\n' \
        "$LOCKS" "$WORK/davfs.secrets" "$WORK/davcache" >"$WORK/davfs2.conf"
    printf '%s/ alice %s\n' "$DAV" "$T" >"$WORK/davfs.secrets"
    chmod 600 "$WORK/davfs.secrets"
    on_cleanup "if grep -q ' $MNT ' /proc/mounts; then timeout 60 umount '$MNT' || umount -l '$MNT'; fi"
    if timeout 60 mount -t davfs -o "conf=$WORK/davfs2.conf" "$DAV/" "$MNT" </dev/null >"$WORK/mount.log" 2>&1 &&
        grep -q " $MNT " /proc/mounts; then
        ok "davfs2: mount $DAV/ (use_locks $LOCKS)"
        head -c $((2 * 1024 * 1024 + 7)) /dev/urandom >"$WORK/d.bin"
        DUNI="ünï côdé.txt"
        dav_write() { mkdir "$MNT/dv" && cp "$WORK/d.bin" "$MNT/dv/d.bin" && printf 'via the mount\n' >"$MNT/dv/n.txt" &&
            printf 'non-ASCII name\n' >"$MNT/dv/$DUNI" && sync; }
        check "davfs2: mkdir and write (2 MB random, a text file, '$DUNI')" dav_write
        check "davfs2: read back through the mount" cmp "$WORK/d.bin" "$MNT/dv/d.bin"
        dav_uploaded() { # davfs2 uploads on close (delay_upload 0); give it 30 s
            local i
            for ((i = 0; i < 60; i++)); do
                server_bytes_equal "dv/d.bin" "$WORK/d.bin" 2>/dev/null && server_has "dv/n.txt" &&
                    server_has "dv/$(urlenc "$DUNI")" && return 0
                sleep 0.5
            done
            return 1
        }
        check "davfs2: the server holds the same bytes (GET through the gateway)" dav_uploaded
        dav_list() {
            ls -la "$MNT/dv" &&
                [ "$(cd "$MNT/dv" && find . -mindepth 1 -maxdepth 1 -printf '%f/' | tr '/' '\n' | LC_ALL=C sort | tr '\n' '/')" = "d.bin/n.txt/$DUNI/" ] &&
                [ -f "$MNT/welcome.txt" ]
        }
        check "davfs2: list" dav_list
        dav_rename() { mv "$MNT/dv/n.txt" "$MNT/dv/renamed.txt" && [ -f "$MNT/dv/renamed.txt" ] && [ ! -e "$MNT/dv/n.txt" ] &&
            server_has "dv/renamed.txt" && server_lacks "dv/n.txt"; }
        check "davfs2: rename (the server sees the move)" dav_rename
        dav_delete() { rm "$MNT/dv/d.bin" && [ ! -e "$MNT/dv/d.bin" ] && server_lacks "dv/d.bin" &&
            rm "$MNT/dv/renamed.txt" "$MNT/dv/$DUNI" && rmdir "$MNT/dv" && server_lacks "dv/"; }
        check "davfs2: delete a file and a folder (the server agrees)" dav_delete
        if [ "$LOCKS" = 1 ]; then
            dav_locked() { grep -q 'method=LOCK' "$WORK/gateway-demo.log" && grep -q 'method=UNLOCK' "$WORK/gateway-demo.log"; }
            check "davfs2: took and released WebDAV locks through the gateway (LOCK, UNLOCK)" dav_locked
        fi
        dav_umount() { timeout 60 umount "$MNT" && ! grep -q " $MNT " /proc/mounts; }
        check "davfs2: unmount" dav_umount
    else
        why=$(grep -v '^\s*$' "$WORK/mount.log" | tail -n 3 | tr '\n' ' ')
        if grep -qiE 'permission|not permitted|fuse|coda|no such device|can.t open' "$WORK/mount.log"; then
            skip "davfs2 mount" "this machine cannot mount it: $why"
        else
            bad "davfs2: mount $DAV/" "$why"
        fi
    fi
else
    skip "davfs2 mount" "$DAVFS_WHY"
fi

############################################################################ hygiene
check "the token never appears in the gateway's or the backend's log" \
    token_not_logged "$T" "$WORK/gateway-demo.log" "$WORK/webdav-demo.log"

summary
