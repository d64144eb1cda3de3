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
