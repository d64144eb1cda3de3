# Sourced by bin/release-policy and bin/mvnw: sets RP_JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders. Prints nothing on success.

rp_java_major() {
  # Prints the feature version of the java binary in $1 (e.g. 17, 21, 25), or nothing.
  # The JDK's `release` file answers without starting a JVM (each start costs 0.1-0.5 s, and the
  # search may try several JDKs); java itself is asked only when that file says nothing.
  local release major=""
  release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
  if [ -f "$release" ]; then
    major=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$release" | head -n 1)
  fi
  if [ -z "$major" ]; then
    major=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$major"
}

rp_find_jdk() {
  local candidates=() dir major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  # RP_JDK_SEARCH_DIRS replaces the usual install folders (space-separated globs; used by tests).
  # shellcheck disable=SC2086
  for dir in ${RP_JDK_SEARCH_DIRS:-/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home $HOME/.sdkman/candidates/java/*}; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] || continue
    major=$(rp_java_major "$dir/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      RP_JAVA_HOME="$dir"
      return 0
    fi
  done
  return 1
}

if ! rp_find_jdk; then
  echo "release-policy needs a JDK 21 or newer, and none was found." >&2
  echo "Looked at \$JAVA_HOME, the java on PATH, and /usr/lib/jvm/*." >&2
  echo "Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 25) or set JAVA_HOME to it." >&2
  exit 2
fi
