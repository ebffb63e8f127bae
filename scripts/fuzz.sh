#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for SECONDS each (default 60), starting from the
# corpus kept in fuzz/corpus/ and the project's own inputs as seeds. New inputs that reach new code
# go to a scratch corpus, not into the repository; a crash stops the run and leaves its input in
# fuzz/artifacts/<target>/. Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz --locked`).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(cargo +nightly fuzz list --fuzz-dir fuzz)
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in "${targets[@]}"; do
  mkdir -p "$scratch/$target" "fuzz/corpus/$target"
  seeds=("fuzz/corpus/$target")
  # The anonymised real exports beside the project, when they are there, seed the tracker loader.
  if [[ $target == work_csv ]]; then
    for folder in ../shared/fixtures/real-exports/*/; do [[ -d $folder ]] && seeds+=("$folder"); done
  fi
  echo "fuzzing $target for ${seconds}s"
  # -rss_limit_mb guards against an input that makes the loader allocate without bound.
  set +e
  cargo +nightly fuzz run --fuzz-dir fuzz -O "$target" "$scratch/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 |
    grep -E -A3 "^(stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|panicked|SUMMARY"
  status=${PIPESTATUS[0]}
  set -e
  if ((status != 0)); then
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
