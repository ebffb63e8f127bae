#!/usr/bin/env bash
# Full-build benchmark (BENCHMARKS.md): for each size, generate the synthetic company once with
# examples/synth.rs, then build it RUNS times into a RAM-backed folder (this machine's disk is
# noisy) under /usr/bin/time -v, and print the median wall time, the median peak memory, and the
# CPU time (user + system) and per-stage timings of the median run (`throughline build --verbose`).
#
#     scripts/bench.sh [SIZE...]        sizes are work items, or `sample`; default: enterprise
#     RUNS=5 WORK=/dev/shm/throughline-bench scripts/bench.sh sample 1000 10000 100000 500000 1000000
#
# Needs /usr/bin/time (GNU time). Builds the release binary and the example first (NO_BUILD=1 to
# use the ones in target/release as they are).
set -euo pipefail

runs=${RUNS:-5}
work=${WORK:-/dev/shm/throughline-bench}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(500000)
cd "$(dirname "$0")/.."

if [ -z "${NO_BUILD:-}" ]; then
    cargo build --release --locked --quiet
    cargo build --release --locked --quiet --example synth
fi
bin=target/release/throughline
synth=target/release/examples/synth
mkdir -p "$work"

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git rev-parse --short HEAD) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %8s %8s %8s %9s  %s\n' size wall_s cpu_s peak_MB files stages_of_median_run
for size in "${sizes[@]}"; do
    if [ "$size" = sample ]; then
        project=sample-data/acme
    else
        project="$work/synth-$size"
        if [ ! -f "$project/throughline.toml" ]; then
            "$synth" "$project" --work-items "$size" 2>/dev/null
        fi
    fi
    out="$work/site-$size"
    results=()
    for run in $(seq "$runs"); do
        log="$work/run-$size-$run.log"
        /usr/bin/time -v "$bin" build "$project" -o "$out" --verbose >"$log" 2>&1
        wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' |
            awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
        peak=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
        results+=("$wall $peak $run")
    done
    # The median run by wall time; the median peak separately.
    median=$(printf '%s\n' "${results[@]}" | sort -n -k1 | sed -n "$(((runs + 1) / 2))p")
    peak=$(printf '%s\n' "${results[@]}" | sort -n -k2 | sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2)
    read -r wall _ run <<<"$median"
    log="$work/run-$size-$run.log"
    cpu=$(grep -E '(User|System) time' "$log" | awk '{s += $NF} END {print s}')
    stages=$(grep -E '^ *[a-z +/]+: +[0-9.]+ ms' "$log" | sed -E 's/^ *//; s/ +ms$/ms/; s/: +/=/' | tr '\n' ' ')
    files=$(grep -oE 'wrote [0-9]+ files' "$log" | grep -oE '[0-9]+')
    printf '%-9s %8.2f %8.2f %8d %9s  %s\n' "$size" "$wall" "$cpu" "$((peak / 1024))" "$files" "$stages"
done
