#!/usr/bin/env bash
# Benchmark of the verify cache (issue 18): whole-process `bin/release-policy verify` over generated
# corpora, median wall time, CPU (user+sys) and peak RSS of RUNS cold-JVM runs, for
#   no cache   --no-cache: every manifest checked (the engine starts);
#   cold cache an empty cache folder: every manifest checked and stored;
#   warm cache nothing changed: every result from the cache, the policy engine never starts;
#   warm 1%    1% of the manifests changed since the last run (a different 1% each run).
#
#   bench/cache-bench.sh                      # 1, 1,000 and 10,000 manifests, 5 runs each
#   SIZES="1000" RUNS=3 bench/cache-bench.sh
#
# Needs the command-line jar: bin/mvnw -q -o -pl cli -am package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
. "$root/bin/jdk.sh"
sizes="${SIZES:-1 1000 10000}"
runs="${RUNS:-5}"
now="2026-12-01T15:00:00Z"
work="${BENCH_DIR:-$root/target/cache-bench}"
mkdir -p "$work"

# One timed run: prints "wall_ms cpu_ms rss_mb"; the corpus has violations, so exit code 1 is expected.
timed() {
  set +e
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$root/bin/release-policy" verify --now "$now" "$@" > "$work/out.txt"
  local rc=$?
  set -e
  if [ "$rc" -ne 1 ] && [ "$rc" -ne 0 ]; then
    echo "unexpected exit code $rc" >&2
    cat "$work/out.txt" >&2
    exit 2
  fi
  read -r wall user sys rss < <(tail -1 "$work/time.txt")
  awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {printf "%d %d %d\n", w * 1000, (u + s) * 1000, r / 1024}'
}

median() {
  sort -n | sed -n "$(( runs / 2 + 1 ))p"
}

report() {
  local label="$1" file="$2"
  printf '  %-11s median wall %6d ms, CPU %6d ms, peak RSS %4d MB   (wall: %s)\n' "$label" \
    "$(cut -d' ' -f1 "$file" | median)" "$(cut -d' ' -f2 "$file" | median)" "$(cut -d' ' -f3 "$file" | median)" \
    "$(cut -d' ' -f1 "$file" | tr '\n' ' ')"
}

echo "machine: $(nproc) cores, $(uname -sr); java: $("$RP_JAVA_HOME/bin/java" -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
  corpus="$work/corpus-$n"
  cache="$work/cache-$n"
  rm -rf "$corpus" "$cache"
  "$RP_JAVA_HOME/bin/java" "$here/CorpusGenerator.java" "$corpus" "$n" >/dev/null
  : > "$work/none.txt"; : > "$work/cold.txt"; : > "$work/warm.txt"; : > "$work/changed.txt"
  for ((i = 1; i <= runs; i++)); do
    timed --no-cache "$corpus" >> "$work/none.txt"
    rm -rf "$cache"
    timed --cache "$cache" "$corpus" >> "$work/cold.txt"
  done
  for ((i = 1; i <= runs; i++)); do
    timed --cache "$cache" "$corpus" >> "$work/warm.txt"
    grep -q '"cached" : false' <("$root/bin/release-policy" verify --now "$now" --cache "$cache" --format json "$corpus") \
      && { echo "a warm run checked a manifest again" >&2; exit 2; }
  done
  changed=$(( (n + 99) / 100 ))
  for ((i = 1; i <= runs; i++)); do
    find "$corpus" -name '*.yaml' | sort | shuf -n "$changed" --random-source=<(yes "$i") \
      | while read -r f; do echo "# edit $i" >> "$f"; done
    timed --cache "$cache" "$corpus" >> "$work/changed.txt"
  done
  echo "verify $n manifests ($runs runs each; $(tail -1 "$work/out.txt")):"
  report "no cache" "$work/none.txt"
  report "cold cache" "$work/cold.txt"
  report "warm cache" "$work/warm.txt"
  report "warm, 1%" "$work/changed.txt"
done
