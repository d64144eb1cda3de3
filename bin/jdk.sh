# Sourced by bin/release-policy and bin/mvnw: sets RP_JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders. Prints nothing on success.

rp_java_major() {
  # Sets RP_MAJOR to the feature version (e.g. 17, 21, 25) of the JDK whose java binary is $1, or
  # to nothing. The JDK's `release` file answers without starting a JVM (each start costs 0.1-0.5 s)
  # and is read with shell builtins only (forks are slow on busy machines); with $2 = fast nothing
  # else is tried, otherwise java itself is asked when that file says nothing.
  local home="${1%/bin/java}" line version
  RP_MAJOR=""
  if [ -f "$home/release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*)
          version="${line#JAVA_VERSION=\"}"
          RP_MAJOR="${version%%[!0-9]*}"
          break ;;
      esac
    done < "$home/release"
  fi
  if [ -z "$RP_MAJOR" ] && [ "${2:-}" != fast ]; then
    RP_MAJOR=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
}

rp_find_jdk() {
  local candidates=() dir java_on_path
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  # The first java on PATH, found without a subshell.
  java_on_path=""
  local entry old_ifs="$IFS"
  IFS=:
  for entry in $PATH; do
    if [ -x "${entry:-.}/java" ] && [ ! -d "${entry:-.}/java" ]; then
      java_on_path="${entry:-.}/java"
      break
    fi
  done
  IFS="$old_ifs"
  if [ -n "$java_on_path" ]; then
    java_on_path="$(readlink -f "$java_on_path")"
    candidates+=("${java_on_path%/bin/java}")
  fi
  # RP_JDK_SEARCH_DIRS replaces the usual install folders (space-separated globs; used by tests).
  # shellcheck disable=SC2086
  for dir in ${RP_JDK_SEARCH_DIRS:-/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home $HOME/.sdkman/candidates/java/*}; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  # First pass reads release files only; JVMs are started only if that finds nothing.
  local pass
  for pass in fast slow; do
    for dir in "${candidates[@]}"; do
      [ -x "$dir/bin/java" ] || continue
      rp_java_major "$dir/bin/java" "$pass"
      if [ -n "$RP_MAJOR" ] && [ "$RP_MAJOR" -ge 21 ]; then
        RP_JAVA_HOME="$dir"
        return 0
      fi
    done
  done
  return 1
}

if ! rp_find_jdk; then
  echo "release-policy needs a JDK 21 or newer, and none was found." >&2
  echo "Looked at \$JAVA_HOME, the java on PATH, and /usr/lib/jvm/*." >&2
  echo "Install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 25) or set JAVA_HOME to it." >&2
  exit 2
fi
