#!/usr/bin/env bash
# Full-build benchmark (BENCHMARKS.md): for each size, generate the synthetic company once with
# examples/synth.rs, then build it RUNS times into a RAM-backed folder (this machine's disk is
# noisy) under /usr/bin/time -v, and print the median wall time, the median peak memory, and the
# CPU time (user + system) and per-stage timings of the median run (`throughline build --verbose`).
#
#     scripts/bench.sh [SIZE...]        sizes are work items, or `sample`; default: enterprise
#     RUNS=5 WORK=/dev/shm/throughline-bench scripts/bench.sh sample 1000 10000 100000 500000 1000000
#
# Side by side with Hugo: when `hugo` is on PATH (Debian's package; NO_HUGO=1 to skip), each size
# is followed by Hugo builds of as many pages as Throughline wrote .html files for it, each page a
# title and a table (scripts/hugo-site.sh; each site is generated once into WORK/hugo-SIZE-ROWS-
# OUTPUTS and again only when its page count changes), built RUNS times with `hugo --quiet -d OUT`
# into a fresh folder. Each Hugo row gives its median wall time, CPU and peak memory, and the
# ratios of Throughline's median wall time into an empty folder (the row before them) to Hugo's,
# and of the medians' CPU times:
#   hugo        30-row pages, with what Hugo writes besides them by default (its RSS feeds and
#               sitemap): the target, 0.6 or less.
#   hugo/pages  30-row pages and nothing else: Hugo's least work for the target's pages.
#   hugo/rows   as hugo/pages, each page with as many rows as a page of ours holds on average
#               (our site's table rows, headers left out, over its pages): Hugo on a site of our
#               size rather than of the target's pages.

# Each size is built twice over: RUNS times over the site the last run left (the SIZE row: a
# rebuild, which takes the board pack's PDF again when its pack is the same, docs/site.md), then
# RUNS times into an empty folder (the SIZE/new row: nothing to take again or to delete).
#
# Needs /usr/bin/time (GNU time). Builds the release binary and the example first (NO_BUILD=1 to
# use the ones in target/release as they are; BIN=... and SYNTH=... to use others).
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
bin=${BIN:-target/release/throughline}
synth=${SYNTH:-target/release/examples/synth}
hugo=
[ -z "${NO_HUGO:-}" ] && hugo=$(command -v hugo || true)
mkdir -p "$work"

# Median by wall time of lines "wall peak run"; the median peak separately; CPU (user + system)
# of the median run's /usr/bin/time log. Sets wall, peak, cpu and log (the median run's).
median_of() {
    local prefix=$1 results=("${@:2}") median run
    median=$(printf '%s\n' "${results[@]}" | sort -n -k1 | sed -n "$(((runs + 1) / 2))p")
    peak=$(printf '%s\n' "${results[@]}" | sort -n -k2 | sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2)
    read -r wall _ run <<<"$median"
    log="$prefix-$run.log"
    cpu=$(grep -E '(User|System) time' "$log" | awk '{s += $NF} END {print s}')
}

# Times one command under /usr/bin/time -v into LOG; prints "wall peak".
timed() {
    local log=$1 wall peak
    shift
    /usr/bin/time -v "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}' |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    peak=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    echo "$wall $peak"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# A Hugo row, LABEL: Hugo on as many pages as Throughline wrote for this size ($pages), each a
# table of ROWS rows, with OUTPUTS (scripts/hugo-site.sh), $runs times into a fresh folder,
# against Throughline's median ($tl_wall, $tl_cpu); WHAT follows the ratio.
hugo_row() {
    local label=$1 rows=$2 outputs=$3 what=$4 run
    local site="$work/hugo-$size-$rows-$outputs" hout="$work/hugo-site-$size"
    # Made again when its arguments or the script that makes it change.
    if [ "$(cat "$site/.pages" 2>/dev/null)" != "$pages $rows $outputs $(sha256sum <scripts/hugo-site.sh | cut -c1-16)" ]; then
        scripts/hugo-site.sh "$site" "$pages" "$rows" "$outputs"
    fi
    results=()
    for run in $(seq "$runs"); do
        rm -rf "$hout"
        results+=("$(timed "$work/hugo-$size-$run.log" "$hugo" --quiet -s "$site" -d "$hout") $run")
    done
    median_of "$work/hugo-$size" "${results[@]}"
    written=$(find "$hout" -name '*.html' | wc -l)
    [ "$written" = "$pages" ] || { echo "hugo wrote $written pages, not $pages" >&2; exit 1; }
    rm -rf "$hout"
    printf '%-10s %8.2f %8.2f %8d %9s  %s\n' "$label" "$wall" "$cpu" "$((peak / 1024))" "$pages" \
        "pages of $rows rows, $outputs; throughline/hugo: wall $(ratio "$tl_wall" "$wall")$what, cpu $(ratio "$tl_cpu" "$cpu")"
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(git rev-parse --short HEAD) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $bin ($(date -u -r "$bin" +%Y-%m-%dT%H:%MZ))"
[ -n "$hugo" ] && echo "# $("$hugo" version)"
printf '%-10s %8s %8s %8s %9s  %s\n' size wall_s cpu_s peak_MB files stages_of_median_run
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
    # Twice: over the site the last run left (as a weekly publish into one folder), and into an
    # empty folder (as CI from a clean clone, and as Hugo is run here), the row `SIZE/new`.
    for fresh in "" 1; do
        label=$size${fresh:+/new}
        results=()
        for run in $(seq "$runs"); do
            [ -n "$fresh" ] && rm -rf "$out"
            results+=("$(timed "$work/run-$size-$run.log" "$bin" build "$project" -o "$out" --verbose) $run")
        done
        median_of "$work/run-$size" "${results[@]}"
        tl_wall=$wall tl_cpu=$cpu
        stages=$(grep -E '^ *[a-z +/]+: +[0-9.]+ ms' "$log" | sed -E 's/^ *//; s/ +ms$/ms/; s/: +/=/' | tr '\n' ' ')
        files=$(grep -oE 'wrote [0-9]+ files' "$log" | grep -oE '[0-9]+')
        printf '%-10s %8.2f %8.2f %8d %9s  %s\n' "$label" "$wall" "$cpu" "$((peak / 1024))" "$files" "$stages"
    done

    [ -n "$hugo" ] || continue
    pages=$(find "$out" -name '*.html' | wc -l)
    # The table rows of our pages, headers left out: what a page of ours holds, on average.
    rows=$(find "$out" -name '*.html' -print0 | xargs -0 cat | grep -oE '<tr[ >]|<thead' |
        awk -v pages="$pages" '/thead/ {h++; next} {r++} END {n = int((r - h) / pages + 0.5); print (n > 0 ? n : 1)}')
    hugo_row hugo 30 all " (target <= 0.6)"
    hugo_row hugo/pages 30 pages " (the pages alone)"
    hugo_row hugo/rows "$rows" pages " (the pages alone, as many rows as ours)"
done
