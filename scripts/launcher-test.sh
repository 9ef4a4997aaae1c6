#!/usr/bin/env bash
# Checks what ./patgate shows while it builds the jars on first use, without building them: a copy of
# the launcher runs in a scratch repository with `mvn` and `java` stubs first on PATH.
#   - the first run prints one progress line ("building patgate (first run, about a minute)...") and
#     a closing line, and nothing on stdout or stderr holds an escape character;
#   - Maven runs in batch mode, without colour, with -Djansi.noreset=true in MAVEN_OPTS; the stub
#     hands those very flags to the real Maven (-N validate on this repository), so that Debian's
#     Maven 3.8, which writes ANSI resets even with -B, is held to it too;
#   - a second run, with the jar up to date, builds nothing and prints nothing about it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d "${TMPDIR:-/tmp}/patgate-launcher.XXXXXX")
trap 'rm -rf "$work"' EXIT
real_mvn=$(command -v mvn) || { echo "ERROR: mvn is needed" >&2; exit 1; }
failed=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; failed=1; }

scratch=$work/repo
mkdir -p "$scratch/config" "$work/bin"
cp "$repo/patgate" "$scratch/"
for module in filter gateway webdav-demo; do
    mkdir -p "$scratch/$module/src/main/java"
    echo '<project/>' >"$scratch/$module/pom.xml"
    echo 'class A {}' >"$scratch/$module/src/main/java/A.java"
done
echo '<project/>' >"$scratch/pom.xml"
echo '# scratch' >"$scratch/config/gateway.yaml"
version=$(sed -n 's/^VERSION=//p' "$repo/patgate")

# mvn: records its arguments and MAVEN_OPTS, runs the real Maven with the same output flags (and this
# script's PATH, where java is the real one), then "builds" the gateway jar.
cat >"$work/bin/mvn" <<STUB
#!/usr/bin/env bash
printf '%s\n' "\$@" >"$work/mvn.args"
printf '%s\n' "\${MAVEN_OPTS:-}" >"$work/mvn.opts"
flags=()
for a in "\$@"; do
    case "\$a" in -B | --batch-mode | -q | --quiet | -Dstyle.color=*) flags+=("\$a") ;; esac
done
PATH="$PATH" "$real_mvn" -o "\${flags[@]}" -N -f "$repo/pom.xml" validate || exit \$?
mkdir -p "$scratch/gateway/target"
echo jar >"$scratch/gateway/target/patgate-gateway-$version-all.jar"
STUB
# java: stands in for the gateway
printf '#!/bin/sh\necho "java $*"\n' >"$work/bin/java"
chmod +x "$work/bin/mvn" "$work/bin/java"

PATH="$work/bin:$PATH" "$scratch/patgate" -V >"$work/out1" 2>"$work/err1" || bad "the first run exits 0"
if [ "$(head -n 1 "$work/err1")" = "building patgate (first run, about a minute)..." ]; then
    ok "the first run says it is building, and how long it takes"
else
    bad "the first run says it is building (stderr: $(head -c 300 "$work/err1"))"
fi
grep -Eq '^built patgate in [0-9]+ s$' "$work/err1" && ok "it says when the build is done" ||
    bad "it says when the build is done"
if grep -q $'\e' "$work/out1" "$work/err1"; then
    bad "no escape codes reach a file (stderr: $(od -c "$work/err1" | head -5))"
else
    ok "no escape codes reach a file"
fi
grep -qx -- "-B" "$work/mvn.args" && grep -qx -- "-Dstyle.color=never" "$work/mvn.args" &&
    ok "Maven runs in batch mode without colour" || bad "Maven runs in batch mode without colour"
grep -q -- "-Djansi.noreset=true" "$work/mvn.opts" && ok "MAVEN_OPTS has -Djansi.noreset=true" ||
    bad "MAVEN_OPTS has -Djansi.noreset=true"
grep -qx "java .*-jar .*patgate-gateway-$version-all.jar -V" "$work/out1" && ok "then it runs the jar" ||
    bad "then it runs the jar ($(cat "$work/out1"))"

rm -f "$work/mvn.args"
PATH="$work/bin:$PATH" "$scratch/patgate" -V >"$work/out2" 2>"$work/err2" || bad "the second run exits 0"
if [ ! -e "$work/mvn.args" ] && [ ! -s "$work/err2" ]; then
    ok "an up-to-date jar is not rebuilt, silently"
else
    bad "an up-to-date jar is not rebuilt (stderr: $(cat "$work/err2"))"
fi
exit "$failed"
