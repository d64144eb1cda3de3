#!/usr/bin/env bash
# Cold wall time of `bin/release-policy plan` (a new JVM per run), and the in-JVM plan compile time.
# Usage: bench/plan-bench.sh [MANIFEST]   (default examples/canary-api.yaml; builds the jar if missing)
# Uses hyperfine when installed (apt-get install hyperfine), else the median of 5 runs of a bash loop.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
manifest="${1:-examples/canary-api.yaml}"
now=2026-12-01T15:00:00Z
[ -f cli/target/release-policy.jar ] || bin/mvnw -q -o package -DskipTests
cmd="bin/release-policy plan --now $now $manifest"
echo "== cold: $cmd"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs 10 --output=null "$cmd" "$cmd --format json"
else
  times=()
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); $cmd >/dev/null; e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  echo "runs (ms): ${times[*]}; median ${median} ms"
fi
if [ "${SKIP_COMPILE_BENCH:-}" != 1 ]; then
  echo "== plan compile time (in one JVM)"
  bin/mvnw -o -q test -pl core -Dtest=PlanBenchmark -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false 2>/dev/null \
    | grep -E 'µs|plan compile' || true
fi
