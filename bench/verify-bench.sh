#!/usr/bin/env bash
# Benchmark of whole-process `bin/release-policy verify` (schema + all built-in policies) against a
# Node.js peer (bench/node-peer: js-yaml + ajv + the same policies/*.js) on the same generated corpora,
# in one run: for each size, the runs of every variant alternate (new, peer, new, peer, ...) so that
# both see the same machine load. Reported per variant: median wall time, median CPU (user+sys) and
# the largest peak RSS of RUNS runs, then the ratios release-policy / peer of wall and CPU.
#
# Variants:
#   cold   a cold JVM; with a verify cache (detected from `verify --help`), an empty cache folder
#   warm   (cache only) the same corpus again, nothing changed: every result from the cache
#   warm1  (cache only) 1% of the manifests changed (a comment appended) before each run
#   peer   node bench/node-peer/verify.mjs
# The number of failing manifests must be the same for release-policy and the peer (checked).
#
#   bench/verify-bench.sh                   # 1, 1,000 and 10,000 manifests, 5 runs each
#   SIZES="1000" RUNS=3 bench/verify-bench.sh
#   RP_JAVA_OPTS_B="-Xmx256m" bench/verify-bench.sh   # adds variant "coldB": cold with extra JVM options
#   PROFILE=1 bench/verify-bench.sh         # then one --profile run over the largest corpus
#
# Needs the command-line jar (bin/mvnw -q -o package -DskipTests) and node (npm installs the peer's
# pinned packages from bench/node-peer/package-lock.json on first use).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
. "$root/bin/jdk.sh"
sizes="${SIZES:-1 1000 10000}"
runs="${RUNS:-5}"
now="2026-12-01T15:00:00Z"
work="${BENCH_DIR:-$root/target/bench}"
mkdir -p "$work"
rp="$root/bin/release-policy"

if ! command -v node >/dev/null; then
  echo "verify-bench: node is needed for the peer (Debian: apt-get install nodejs npm)" >&2
  exit 2
fi
if [ ! -d "$here/node-peer/node_modules/ajv" ] || [ ! -d "$here/node-peer/node_modules/js-yaml" ]; then
  (cd "$here/node-peer" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
cache=false
if "$rp" verify --help 2>/dev/null | grep -q -- --cache; then
  cache=true
fi

echo "machine: $(nproc) cores, $(uname -sr); java: $("$RP_JAVA_HOME/bin/java" -version 2>&1 | head -1);" \
  "node: $(node --version); verify cache: $cache; runs per variant: $runs"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

# run VARIANT N CMD...: one timed run; appends "wall-ms cpu-ms rss-kb" to $work/VARIANT-N.times and
# keeps the number of failing manifests in $work/VARIANT-N.failing
run() {
  local variant="$1" n="$2" rc
  shift 2
  set +e
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"
  rc=$?
  set -e
  if [ "$variant" = peer ]; then
    [ "$rc" -eq 0 ] || { cat "$work/err.txt" >&2; exit 2; }
    sed -n 's/^node-peer: [0-9]* manifests, \([0-9]*\) failing.*/\1/p' "$work/out.txt" >"$work/$variant-$n.failing"
  else
    if [ "$rc" -ne 1 ]; then
      echo "unexpected exit code $rc of $variant (the corpus has violations, so 1 is expected)" >&2
      tail -5 "$work/err.txt" "$work/out.txt" >&2
      exit 2
    fi
    grep -E '^[^ ].*:[0-9]+:[0-9]+: error: ' "$work/out.txt" | sed 's/:[0-9]*:[0-9]*: error: .*//' | sort -u \
      | wc -l >"$work/$variant-$n.failing"
  fi
  read -r wall user sys rss < <(tail -1 "$work/time.txt")
  awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {printf "%d %d %d\n", w * 1000, (u + s) * 1000, r}' \
    >>"$work/$variant-$n.times"
}

# touch_one_percent DIR ROUND: appends a comment to every 100th manifest (a changed file, same findings)
touch_one_percent() {
  local i=0 f
  while IFS= read -r f; do
    if (( i % 100 == 0 )); then echo "# edit $2" >>"$f"; fi
    i=$(( i + 1 ))
  done < <(find "$1" -name '*.yaml' | sort)
}

report() { # VARIANT N: one line
  local f="$work/$1-$2.times"
  local wall cpu rss
  wall=$(cut -d' ' -f1 "$f" | median)
  cpu=$(cut -d' ' -f2 "$f" | median)
  rss=$(cut -d' ' -f3 "$f" | sort -n | tail -1)
  printf '  %-6s wall %6d ms  CPU %6d ms  peak RSS %4d MB   failing %s   (wall: %s)\n' "$1" "$wall" "$cpu" \
    "$(( rss / 1024 ))" "$(cat "$work/$1-$2.failing")" "$(cut -d' ' -f1 "$f" | tr '\n' ' ')"
}

ratio() { # VARIANT N: wall and CPU ratio to the peer
  local a="$work/$1-$2.times" b="$work/peer-$2.times"
  awk -v aw="$(cut -d' ' -f1 "$a" | median)" -v bw="$(cut -d' ' -f1 "$b" | median)" \
    -v ac="$(cut -d' ' -f2 "$a" | median)" -v bc="$(cut -d' ' -f2 "$b" | median)" -v v="$1" \
    'BEGIN {printf "  %-6s / peer: wall %.2fx, CPU %.2fx\n", v, aw / bw, ac / bc}'
}

status=0
for n in $sizes; do
  corpus="$work/corpus-$n"
  if [ ! -d "$corpus" ] || [ "$(find "$corpus" -name '*.yaml' | wc -l)" -ne "$n" ]; then
    rm -rf "$corpus"
    "$RP_JAVA_HOME/bin/java" "$here/CorpusGenerator.java" "$corpus" "$n" >/dev/null
  fi
  variants=(cold peer)
  [ -n "${RP_JAVA_OPTS_B:-}" ] && variants+=(coldB)
  [ "$cache" = true ] && variants+=(warm warm1)
  for v in "${variants[@]}"; do rm -f "$work/$v-$n.times"; done
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  cache_dir="$work/cache-$n"
  for ((i = 1; i <= runs; i++)); do
    for v in "${variants[@]}"; do
      case "$v" in
        peer) run peer "$n" node "$here/node-peer/verify.mjs" --now "$now" "$corpus" ;;
        cold | coldB)
          opts=()
          if [ "$cache" = true ]; then rm -rf "$cache_dir"; opts=(--cache "$cache_dir"); fi
          extra=""
          [ "$v" = coldB ] && extra="$RP_JAVA_OPTS_B"
          RELEASE_POLICY_JAVA_OPTS="$extra" run "$v" "$n" "$rp" verify "${opts[@]}" --now "$now" "$corpus" ;;
        warm) # the cold run before it filled the cache
          run warm "$n" "$rp" verify --cache "$cache_dir" --now "$now" "$corpus" ;;
        warm1)
          touch_one_percent "$corpus" "$i"
          run warm1 "$n" "$rp" verify --cache "$cache_dir" --now "$now" "$corpus" ;;
      esac
    done
  done
  echo "verify $n manifests, $runs runs per variant (alternating); load average before: $load_before," \
    "after: $(cut -d' ' -f1-3 /proc/loadavg)"
  for v in "${variants[@]}"; do report "$v" "$n"; done
  for v in "${variants[@]}"; do [ "$v" = peer ] || ratio "$v" "$n"; done
  for v in "${variants[@]}"; do
    if [ "$(cat "$work/$v-$n.failing")" != "$(cat "$work/peer-$n.failing")" ]; then
      echo "  MISMATCH: $v reports $(cat "$work/$v-$n.failing") failing manifests, the peer $(cat "$work/peer-$n.failing")"
      status=1
    fi
  done
  [ "$status" -eq 0 ] && echo "  sanity: release-policy and the peer agree: $(cat "$work/peer-$n.failing") failing manifests"
done
if [ -n "${PROFILE:-}" ]; then
  last=$(echo $sizes | awk '{print $NF}')
  echo "per-policy cost over $last manifests (one run, --profile):"
  "$rp" verify --profile --now "$now" "$work/corpus-$last" 2>&1 >/dev/null | sed 's/^/  /'
fi
exit "$status"
