#!/usr/bin/env bash
# Benchmark of whole-process `bin/release-policy verify` (schema + all built-in policies) over
# generated corpora: a cold JVM per run, median wall time of RUNS runs per size, then one profiled
# run that prints the CPU time spent in each policy. Wall and CPU (user+sys) are both reported: on
# a shared machine the wall time mostly measures the neighbours.
#
#   bench/verify-bench.sh            # 1,000 and 10,000 manifests, 5 runs each
#   SIZES="1000" RUNS=3 bench/verify-bench.sh
#
# Needs the command-line jar: bin/mvnw -q -o package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
. "$root/bin/jdk.sh"
sizes="${SIZES:-1000 10000}"
runs="${RUNS:-5}"
now="2026-12-01T15:00:00Z"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"

echo "machine: $(nproc) cores, $(uname -sr); java: $("$RP_JAVA_HOME/bin/java" -version 2>&1 | head -1)"
for n in $sizes; do
  corpus="$work/corpus-$n"
  if [ ! -d "$corpus" ] || [ "$(find "$corpus" -name '*.yaml' | wc -l)" -ne "$n" ]; then
    rm -rf "$corpus"
    "$RP_JAVA_HOME/bin/java" "$here/CorpusGenerator.java" "$corpus" "$n" >/dev/null
  fi
  times=()
  cpus=()
  for ((i = 1; i <= runs; i++)); do
    set +e
    /usr/bin/time -f "%e %U %S" -o "$work/time-$n.txt" "$root/bin/release-policy" verify --no-cache --now "$now" "$corpus" > "$work/out-$n.txt"
    rc=$?
    set -e
    if [ "$rc" -ne 1 ]; then
      echo "unexpected exit code $rc (the corpus has violations, so 1 is expected)" >&2
      exit 2
    fi
    read -r wall user sys < <(tail -1 "$work/time-$n.txt")
    times+=("$(awk -v w="$wall" 'BEGIN {printf "%d", w * 1000}')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( runs / 2 + 1 ))p")
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( runs / 2 + 1 ))p")
  echo "verify $n manifests: median wall ${median} ms, median CPU (user+sys) ${cpu} ms over $runs cold runs"
  echo "  wall: ${times[*]} ms; CPU: ${cpus[*]} ms; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(tail -1 "$work/out-$n.txt")"
done
last=$(echo $sizes | awk '{print $NF}')
echo "per-policy cost over $last manifests (one run, --profile):"
"$root/bin/release-policy" verify --profile --now "$now" "$work/corpus-$last" 2>&1 >/dev/null | sed 's/^/  /'
