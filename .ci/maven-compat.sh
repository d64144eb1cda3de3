#!/usr/bin/env bash
# CI step: the Maven plugin with the Maven that Debian and Ubuntu ship (the `maven` package, 3.8.7;
# the plugin needs 3.6.3 or newer) on a JDK 21 or newer. Installs the plugin into a TEMPORARY local
# repository (never ~/.m2), then runs README's `mvn -f examples/maven-project release-policy:verify`.
# Run it after `bin/mvnw verify` (which fills ~/.m2 with the build's dependencies).
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
# Step 1 (bin/mvnw, offline): the build's artifacts and everything they need come from ~/.m2 through a
# file:// mirror into the temporary repository.
cat >"$tmp/install-settings.xml" <<EOF
<settings>
  <localRepository>$tmp/repo</localRepository>
  <mirrors><mirror><id>m2</id><url>file://$HOME/.m2/repository</url><mirrorOf>*</mirrorOf></mirror></mirrors>
  <profiles><profile><id>m2</id>
    <repositories><repository><id>central</id><url>file://$HOME/.m2/repository</url>
      <releases><checksumPolicy>ignore</checksumPolicy></releases>
      <snapshots><checksumPolicy>ignore</checksumPolicy></snapshots></repository></repositories>
    <pluginRepositories><pluginRepository><id>central</id><url>file://$HOME/.m2/repository</url>
      <releases><checksumPolicy>ignore</checksumPolicy></releases>
      <snapshots><checksumPolicy>ignore</checksumPolicy></snapshots></pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>m2</activeProfile></activeProfiles>
</settings>
EOF
bin/mvnw -q -o -s "$tmp/install-settings.xml" -Daether.offline.protocols=file \
  -pl .,core,executor,maven-plugin install -DskipTests

# Step 2 (the system's mvn): the same temporary repository; Maven 3.8 also wants plexus-utils 1.1
# for every plugin, which it may fetch from Maven Central.
cat >"$tmp/run-settings.xml" <<EOF
<settings>
  <localRepository>$tmp/repo</localRepository>
  <pluginGroups><pluginGroup>dev.releasepolicy</pluginGroup></pluginGroups>
</settings>
EOF
version="$(mvn -B -v | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"
log="$tmp/verify.log"
if ! mvn -B -ntp -s "$tmp/run-settings.xml" -f "$root/examples/maven-project" release-policy:verify \
  -Drelease-policy.daemon=false >"$log" 2>&1; then
  cat "$log"
  echo "maven-compat: release-policy:verify failed with $version" >&2
  exit 1
fi
grep -F 'release-policy: 1 manifest, 0 errors, 0 warnings' "$log"
echo "maven-compat: release-policy:verify passed with $version"
