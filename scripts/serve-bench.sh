#!/usr/bin/env bash
# From save to shown, in a browser (BENCHMARKS.md): starts `throughline serve` on a copy of a
# project, opens its first key result's page in Chromium, and times ROUNDS saves of EDIT (`note`
# or `checkin`) until the page shows each (tests/browser/save-to-shown.mjs). Prints how long the
# server took to serve its first page, then the saves' minimum, median, 90th percentile and
# maximum.
#
#     scripts/serve-bench.sh [PROJECT] [ROUNDS] [EDIT]     default: sample-data/acme 20 note
#     cargo run --release --example synth -- /dev/shm/enterprise
#     scripts/serve-bench.sh /dev/shm/enterprise 9 checkin
#
# Needs Chromium and tests/browser's packages (scripts/install-test-tools.sh). Builds the release
# binary first (NO_BUILD=1 to use target/release's as it is; BIN=... for another). The copy goes
# under WORK (default: /dev/shm, as this machine's disk is noisy) and is removed afterwards;
# PORT picks the port (default 1199).
set -euo pipefail

project=$(realpath "${1:-sample-data/acme}")
rounds=${2:-20}
edit=${3:-note}
port=${PORT:-1199}
work=$(realpath "${WORK:-/dev/shm}")
[ -n "${BIN:-}" ] && BIN=$(realpath "$BIN")
cd "$(dirname "$0")/.."
[ -z "${NO_BUILD:-}" ] && cargo build --release --locked --quiet
bin=${BIN:-$(realpath target/release/throughline)}
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is in use: PORT=... picks another" >&2
    exit 1
fi

copy=$(mktemp -d "$work/serve-bench.XXXXXX")
server=
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$copy" "$copy.log"
}
trap cleanup EXIT
cp -r "$project/." "$copy/"

started=$(date +%s%N)
"$bin" serve "$copy" --port "$port" >"$copy.log" 2>&1 &
server=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/index.html"; do
    kill -0 "$server" 2>/dev/null || { cat "$copy.log" >&2; exit 1; }
    sleep 0.05
done
echo "$project: serving after $(( ($(date +%s%N) - started) / 1000000 )) ms"
node tests/browser/save-to-shown.mjs "http://127.0.0.1:$port/" "$copy" "$rounds" "$edit" | sed "s|^|$project: |"
