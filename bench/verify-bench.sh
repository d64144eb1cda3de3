#!/usr/bin/env bash
# Benchmark of whole-process `bin/release-policy verify` (schema + all built-in policies) over
# generated corpora: a cold JVM per run, median wall time of RUNS runs per size, then one profiled
# run that prints the time spent in each policy.
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
  for ((i = 1; i <= runs; i++)); do
    start=$(date +%s%N)
    set +e
    "$root/bin/release-policy" verify --now "$now" "$corpus" > "$work/out-$n.txt"
    rc=$?
    set -e
    end=$(date +%s%N)
    if [ "$rc" -ne 1 ]; then
      echo "unexpected exit code $rc (the corpus has violations, so 1 is expected)" >&2
      exit 2
    fi
    times+=($(( (end - start) / 1000000 )))
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median=${sorted[$(( runs / 2 ))]}
  echo "verify $n manifests: median ${median} ms over $runs cold runs (${times[*]} ms); $(tail -1 "$work/out-$n.txt")"
done
last=$(echo $sizes | awk '{print $NF}')
echo "per-policy cost over $last manifests (one run, --profile):"
"$root/bin/release-policy" verify --profile --now "$now" "$work/corpus-$last" 2>&1 >/dev/null | sed 's/^/  /'
