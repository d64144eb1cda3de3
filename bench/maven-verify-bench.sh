#!/usr/bin/env bash
# How much time `release-policy:verify` adds to `mvn validate` on examples/maven-project.
#
# Runs `mvn -o -q validate` N times with -Drelease-policy.skip=true (the baseline: Maven starts,
# loads the plugin, skips) and N times without (the check runs), alternating so both see the same
# machine load, and prints the medians of wall time and of CPU time (user + system, of Maven and
# everything it forks: steadier than wall time on a busy machine), their difference and their ratio.
#
# Needs the plugin installed in the local repository (README command 1), or another local repository
# that holds it: MAVEN_REPO_LOCAL=/tmp/m2-maven bench/maven-verify-bench.sh
# Usage: bench/maven-verify-bench.sh [N]   (default N=5)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${1:-5}"
args=(-o -q -f "$root/examples/maven-project/pom.xml")
if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then
  args+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
fi

run() { # prints "wall-ms cpu-ms" of one build; fails when the build fails
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$root/bin/mvnw" "${args[@]}" validate "$@" >/dev/null; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

# one unmeasured build of each kind: file caches, the JIT-free first start
run -Drelease-policy.skip=true >/dev/null
run >/dev/null

skip_wall=() skip_cpu=() verify_wall=() verify_cpu=()
for i in $(seq "$n"); do
  read -r w c < <(run -Drelease-policy.skip=true)
  skip_wall+=("$w") skip_cpu+=("$c")
  read -r w c < <(run)
  verify_wall+=("$w") verify_cpu+=("$c")
  echo "run $i: skip ${skip_wall[-1]} ms (cpu ${skip_cpu[-1]}), verify ${verify_wall[-1]} ms (cpu ${verify_cpu[-1]})" >&2
done
report() { # label skip-median verify-median
  awk -v l="$1" -v s="$2" -v v="$3" 'BEGIN { printf "  %-5s median: skip %6d ms, verify %6d ms; verify adds %5d ms (ratio %.2f)\n", l, s, v, v - s, v / s }'
}
echo "mvn -o -q validate on examples/maven-project, N=$n each, alternating; load average $(cut -d' ' -f1 /proc/loadavg)"
report wall "$(printf '%s\n' "${skip_wall[@]}" | median)" "$(printf '%s\n' "${verify_wall[@]}" | median)"
report cpu "$(printf '%s\n' "${skip_cpu[@]}" | median)" "$(printf '%s\n' "${verify_cpu[@]}" | median)"
