#!/usr/bin/env bash
# How much time `release-policy:verify` adds to `mvn validate` on examples/maven-project.
#
# Runs `mvn -o -q validate` N times with -Drelease-policy.skip=true (the baseline: Maven starts,
# loads the plugin, skips) and N times without (the check runs), alternating so both see the same
# machine load, and prints the medians of wall time and of CPU time (user + system, of Maven and
# everything it forks: steadier than wall time on a busy machine), their difference and their ratio.
#
# DAEMON picks where verify checks (the plugin's `daemon` parameter), in a fresh private folder:
#   fork (default, as the plugin's default): a JVM per build that Maven waits for; the first verify
#        build makes its AOT cache and is reported on its own line, the N measured builds start from it
#   true: the verify daemon; the first verify build starts it, the N measured builds use it, and it is
#        stopped at the end. Its CPU time is not part of Maven's (it is not Maven's child for `time`),
#        so it is read from /proc and reported per build
#   false: Maven's JVM
#
# Needs the plugin installed in the local repository (README command 1), or another local repository
# that holds it: MAVEN_REPO_LOCAL=/tmp/m2-maven bench/maven-verify-bench.sh. The repository the invoker
# tests install into works with their settings (a file:// mirror of ~/.m2), so nothing is installed:
#   sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#g" maven-plugin/src/it/settings.xml > /tmp/it-settings.xml
#   MAVEN_REPO_LOCAL=$PWD/maven-plugin/target/local-repo MAVEN_SETTINGS=/tmp/it-settings.xml bench/maven-verify-bench.sh
# Usage: [DAEMON=fork|true|false] bench/maven-verify-bench.sh [N]   (default N=5)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${1:-5}"
mode="${DAEMON:-fork}"
daemon_dir="$(mktemp -d /tmp/rp-bench.XXXXXX)"
trap 'pkill -f "$daemon_dir/" || true; rm -rf "$daemon_dir"' EXIT
args=(-o -q -f "$root/examples/maven-project/pom.xml" "-Drelease-policy.daemon=$mode"
  "-Drelease-policy.daemonDirectory=$daemon_dir")
if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then
  args+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
fi
if [ -n "${MAVEN_SETTINGS:-}" ]; then
  # e.g. the ITs' settings (a file:// mirror of ~/.m2) with the repository the ITs install into
  args+=(-s "$MAVEN_SETTINGS" -Daether.offline.protocols=file)
fi

run() { # prints "wall-ms cpu-ms" of one build; fails when the build fails
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$root/bin/mvnw" "${args[@]}" validate "$@" >/dev/null; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

daemon_cpu() { # CPU milliseconds the daemon has used so far (0 without one)
  local pid
  pid="$(pgrep -f "$daemon_dir/" | head -1 || true)"
  if [ -z "$pid" ]; then echo 0; return; fi
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat"
}

# unmeasured: file caches; then the first verify build, which starts the daemon (reported alone)
run -Drelease-policy.skip=true >/dev/null
read -r first_wall first_cpu < <(run)
echo "first verify build (daemon=$mode; starts the daemon or makes the fork's AOT cache): ${first_wall} ms (cpu ${first_cpu} + daemon $(daemon_cpu))" >&2
cpu_before="$(daemon_cpu)"

skip_wall=() skip_cpu=() verify_wall=() verify_cpu=()
for i in $(seq "$n"); do
  read -r w c < <(run -Drelease-policy.skip=true)
  skip_wall+=("$w") skip_cpu+=("$c")
  read -r w c < <(run)
  verify_wall+=("$w") verify_cpu+=("$c")
  echo "run $i: skip ${skip_wall[-1]} ms (cpu ${skip_cpu[-1]}), verify ${verify_wall[-1]} ms (cpu ${verify_cpu[-1]})" >&2
done
daemon_per_build=$(( ($(daemon_cpu) - cpu_before) / n ))
restart_wall=""
if [ "$mode" = true ]; then
  # stop the daemon as its idle timeout would; on JDK 25 it then writes its AOT cache, and the next
  # build starts a daemon from it
  pkill -f "$daemon_dir/" || true
  for _ in $(seq 120); do
    if compgen -G "$daemon_dir/*.aot" >/dev/null && ! compgen -G "$daemon_dir/*.aot.config" >/dev/null \
        && ! pgrep -f "$daemon_dir/" >/dev/null; then break; fi
    sleep 0.5
  done
  read -r restart_wall _ < <(run)
  echo "verify build after the daemon stopped (starts one from its AOT cache, if made): ${restart_wall} ms" >&2
fi

report() { # label skip-median verify-median
  awk -v l="$1" -v s="$2" -v v="$3" 'BEGIN { printf "  %-5s median: skip %6d ms, verify %6d ms; verify adds %5d ms (ratio %.2f)\n", l, s, v, v - s, v / s }'
}
echo "mvn -o -q validate on examples/maven-project, N=$n each, alternating, daemon=$mode; load average $(cut -d' ' -f1 /proc/loadavg)"
if [ "$mode" = true ]; then
  echo "  first verify build: ${first_wall} ms (starts the daemon); the daemon's CPU per measured build: ${daemon_per_build} ms"
elif [ "$mode" = fork ]; then
  echo "  first verify build: ${first_wall} ms (cpu ${first_cpu}; makes the AOT cache of the forked JVM)"
fi
if [ -n "$restart_wall" ]; then
  echo "  verify build that restarts the daemon from its AOT cache: ${restart_wall} ms"
fi
report wall "$(printf '%s\n' "${skip_wall[@]}" | median)" "$(printf '%s\n' "${verify_wall[@]}" | median)"
report cpu "$(printf '%s\n' "${skip_cpu[@]}" | median)" "$(printf '%s\n' "${verify_cpu[@]}" | median)"
