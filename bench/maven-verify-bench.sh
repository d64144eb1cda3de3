#!/usr/bin/env bash
# How much time `release-policy:verify` adds to `mvn validate` on examples/maven-project, per mode
# and with a warm or a cold verify cache, all interleaved in one run.
#
# Each of N rounds runs `mvn -o -q validate` once with -Drelease-policy.skip=true (the baseline:
# Maven starts, loads the plugin, skips) and then, for each mode of MODES, once with a cold verify
# cache (target/release-policy/cache deleted first) and once with a warm one (the cache the cold
# build just wrote; the manifests did not change). Interleaving lets every figure see the same
# machine load. It prints each build and, at the end, the medians of wall time and of CPU time (user
# + system of Maven and of everything it forks and waits for: steadier than wall time on a shared
# machine), what verify adds to the baseline and the ratio, with the load average of each round.
#
# MODES (default "fork false") are values of the plugin's `daemon` parameter, in a fresh private
# daemonDirectory:
#   fork (the plugin's default): the goal first answers from the verify cache in Maven's JVM; only
#        when a manifest misses does it check in a JVM it forks and waits for, started from an AOT
#        cache that an unmeasured first build makes (reported on its own line)
#   false: Maven's JVM
#   true: the verify daemon, started by an unmeasured first build and stopped at the end; its CPU
#        time is not Maven's (it is not Maven's child), so "cpu" misses it for this mode
# After the run no process of the private folder may be left: the script says so, or kills it and
# fails.
#
# Needs the plugin in a local repository. ~/.m2 is shared, so install the working tree's plugin into
# a private copy and point the script at it (delete the copy afterwards):
#   cp -a ~/.m2/repository /tmp/maven-m2 && rm -rf /tmp/maven-m2/dev/releasepolicy
#   bin/mvnw -o -q -Dmaven.repo.local=/tmp/maven-m2 install -DskipTests -Dinvoker.skip=true -pl maven-plugin -am
#   MAVEN_REPO_LOCAL=/tmp/maven-m2 bench/maven-verify-bench.sh 5
# The repository the invoker tests install into works too, with their settings (a file:// mirror):
#   sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#g" maven-plugin/src/it/settings.xml > /tmp/it-settings.xml
#   MAVEN_REPO_LOCAL=$PWD/maven-plugin/target/local-repo MAVEN_SETTINGS=/tmp/it-settings.xml bench/maven-verify-bench.sh
# Usage: [MODES="fork false true"] bench/maven-verify-bench.sh [N]   (default N=5)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${1:-5}"
read -r -a modes <<<"${MODES:-fork false}"
project="$root/examples/maven-project"
cache="$project/target/release-policy/cache"
daemon_dir="$(mktemp -d /tmp/rp-bench.XXXXXX)"
cleanup() {
  local pids
  pids="$(pgrep -f "$daemon_dir/" || true)"
  if [ -n "$pids" ]; then kill $pids 2>/dev/null || true; fi
  rm -rf "$daemon_dir"
}
trap cleanup EXIT
args=(-o -q -f "$project/pom.xml" "-Drelease-policy.daemonDirectory=$daemon_dir")
if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then
  args+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
fi
if [ -n "${MAVEN_SETTINGS:-}" ]; then
  args+=(-s "$MAVEN_SETTINGS" -Daether.offline.protocols=file)
fi

run() { # prints "wall-ms cpu-ms" of one build; fails when the build fails
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$root/bin/mvnw" "${args[@]}" validate "$@" >/dev/null; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

# unmeasured: file caches, and per mode a first build that makes the fork's AOT cache or starts the daemon
run -Drelease-policy.skip=true >/dev/null
for m in "${modes[@]}"; do
  if [ "$m" != false ]; then
    rm -rf "$cache"
    read -r w c < <(run "-Drelease-policy.daemon=$m")
    echo "first build, daemon=$m (makes the AOT cache or starts the daemon): ${w} ms (cpu ${c})" >&2
  fi
done

declare -A wall cpu
loads=()
for i in $(seq "$n"); do
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  read -r w c < <(run -Drelease-policy.skip=true)
  wall[skip]+="$w " cpu[skip]+="$c "
  line="round $i (load ${loads[-1]}): skip $w ($c)"
  for m in "${modes[@]}"; do
    rm -rf "$cache"
    read -r w c < <(run "-Drelease-policy.daemon=$m")
    wall[$m-cold]+="$w " cpu[$m-cold]+="$c "
    line+=", $m cold $w ($c)"
    read -r w c < <(run "-Drelease-policy.daemon=$m")
    wall[$m-warm]+="$w " cpu[$m-warm]+="$c "
    line+=", $m warm $w ($c)"
  done
  echo "$line ms wall (cpu)" >&2
done

if [[ " ${modes[*]} " == *" true "* ]]; then
  "$root/bin/mvnw" "${args[@]}" release-policy:stop-daemon >/dev/null || true
  # a daemon started without an AOT cache writes one as it exits, which takes a few seconds
  for _ in $(seq 120); do
    if ! pgrep -f "$daemon_dir/" >/dev/null; then break; fi
    sleep 0.5
  done
fi
left="$(pgrep -f "$daemon_dir/" || true)"

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
skip_w="$(med "${wall[skip]}")" skip_c="$(med "${cpu[skip]}")"
echo "mvn -o -q validate on examples/maven-project, N=$n rounds, interleaved; load average per round: ${loads[*]}"
printf '  %-10s wall %6d ms, cpu %6d ms\n' skip "$skip_w" "$skip_c"
for m in "${modes[@]}"; do
  for t in warm cold; do
    w="$(med "${wall[$m-$t]}")" c="$(med "${cpu[$m-$t]}")"
    awk -v l="$m $t" -v w="$w" -v c="$c" -v sw="$skip_w" -v sc="$skip_c" 'BEGIN {
      printf "  %-10s wall %6d ms, cpu %6d ms; adds %5d ms wall (ratio %.2f), %5d ms cpu (ratio %.2f)\n",
        l, w, c, w - sw, w / sw, c - sc, c / sc }'
  done
done
if [ -n "$left" ]; then
  echo "  LEFT RUNNING after the builds: pids $left" >&2
  exit 1
fi
echo "  left running after the builds: nothing"
