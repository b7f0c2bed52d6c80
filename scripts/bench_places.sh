#!/usr/bin/env bash
# Place-tagging throughput on Reuters-21578 (documents already built; the
# places stage alone), plus gazetteer load time and memory.
# Usage: scripts/bench_places.sh [REUTERS_DIR] [THREADS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-${SITREP_SHARED_DATA:-$ROOT/../shared/data}/reuters21578}"
[ -d "$DIR" ] || DIR="$ROOT/../../shared/data/reuters21578"
cd "$ROOT"
cargo build --release -q -p sitrep-places --example bench_places
"${CARGO_TARGET_DIR:-target}/release/examples/bench_places" "$DIR" "${2:-2}"
