#!/usr/bin/env bash
# CI step: the Maven plugin with the Maven that Debian and Ubuntu ship (the `maven` package, 3.8.7;
# the plugin needs 3.6.3 or newer) on a JDK 21 or newer. Installs the plugin as README command 1 does,
# then runs README's `mvn -f examples/maven-project release-policy:verify` with the system's mvn.
# Run it after `bin/mvnw verify` (which fills the local repository with the build's dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

if ! command -v mvn >/dev/null; then
  if command -v sudo >/dev/null; then sudo apt-get install -y -q maven || true; else apt-get install -y -q maven || true; fi
fi
if ! command -v mvn >/dev/null; then
  # Like the Prometheus step: a machine without the package cannot run this check; it says so and
  # leaves the verdict to the test suite.
  echo "warning: maven-compat skipped: no system mvn and the Debian maven package could not be installed" >&2
  exit 0
fi
# shellcheck source=bin/jdk.sh
. bin/jdk.sh
export JAVA_HOME="$RP_JAVA_HOME"
export MAVEN_OPTS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Step 1: README command 1's install (after `bin/mvnw verify` it only packages and installs).
bin/mvnw -q -ntp install -DskipTests

# Step 2: the system's mvn with the same local repository; Maven 3.8 also wants plexus-utils 1.1 for
# every plugin, which it fetches from Maven Central when it is missing.
printf '<settings><pluginGroups><pluginGroup>dev.releasepolicy</pluginGroup></pluginGroups></settings>\n' \
  >"$tmp/run-settings.xml"
version="$(mvn -B -v 2>/dev/null | sed -n '1{s/\x1b\[[0-9;]*m//g;p}')"
log="$tmp/verify.log"
if ! mvn -B -ntp -s "$tmp/run-settings.xml" -f "$root/examples/maven-project" release-policy:verify \
  -Drelease-policy.daemon=false >"$log" 2>&1; then
  cat "$log"
  echo "maven-compat: release-policy:verify failed with $version" >&2
  exit 1
fi
grep -F 'release-policy: 1 manifest, 0 errors, 0 warnings' "$log"
echo "maven-compat: release-policy:verify passed with $version"

# Step 3: on a JDK older than 21 (Debian's default JDK 17, when the machine has it) the goal fails
# with one line that names the JDK, not with Maven's page-long UnsupportedClassVersionError.
old_jdk=""
for d in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-11-openjdk-*; do
  if [ -x "$d/bin/java" ]; then old_jdk="$d"; break; fi
done
if [ -z "$old_jdk" ]; then
  echo "maven-compat: no JDK older than 21 here, skipped the old-JDK check"
  exit 0
fi
old_log="$tmp/old-jdk.log"
if JAVA_HOME="$old_jdk" MAVEN_OPTS="" mvn -B -ntp -s "$tmp/run-settings.xml" -f "$root/examples/maven-project" \
  release-policy:verify >"$old_log" 2>&1; then
  cat "$old_log"
  echo "maven-compat: release-policy:verify passed on $old_jdk, which is older than Java 21" >&2
  exit 1
fi
if ! grep -q 'release-policy: needs Java 21 or newer, but Maven runs on Java' "$old_log" \
  || grep -q -e 'UnsupportedClassVersionError' -e 'TypeNotPresentException' "$old_log"; then
  cat "$old_log"
  echo "maven-compat: on $old_jdk the goal did not fail with the one-line Java version error" >&2
  exit 1
fi
grep -o 'release-policy: needs Java 21.*' "$old_log" | sed 's/ -> \[Help 1\]//'
echo "maven-compat: on $old_jdk the goal fails with one line, as it should"
