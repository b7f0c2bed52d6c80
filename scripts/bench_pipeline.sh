#!/usr/bin/env bash
# Whole pipeline (ingest → analysis → stories → report) on Reuters-21578: docs/s and peak memory.
# Usage: scripts/bench_pipeline.sh   (needs ../shared/data/reuters21578; skipped when absent)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${SITREP_SHARED_DATA:-../shared/data}
WORK=${TMPDIR:-/tmp}/sitrep-bench-pipeline
mkdir -p "$WORK"
if [ ! -d "$DATA/reuters21578" ]; then echo "skipping: $DATA/reuters21578 not found"; exit 0; fi
cargo build --release -q
BIN=target/release/sitrep
[ -f "$WORK/reuters.jsonl" ] || python3 scripts/reuters_to_jsonl.py "$DATA/reuters21578" "$WORK/reuters.jsonl"
docs=$(wc -l < "$WORK/reuters.jsonl")
rm -f "$WORK/p.db"*
printf "| step | docs | seconds | docs/s | peak RSS MB |\n|---|---|---|---|---|\n"
/usr/bin/time -f "%e %M" -o "$WORK/t1" "$BIN" --db "$WORK/p.db" --quiet ingest "$WORK/reuters.jsonl" 2>/dev/null
/usr/bin/time -f "%e %M" -o "$WORK/t2" "$BIN" --db "$WORK/p.db" --quiet report --format json > "$WORK/report.json"
read -r s1 k1 < "$WORK/t1"; read -r s2 k2 < "$WORK/t2"
python3 - "$docs" "$s1" "$k1" "$s2" "$k2" <<'PY'
import sys
d, s1, k1, s2, k2 = int(sys.argv[1]), *map(float, sys.argv[2:])
for name, s, k in [("ingest (parse, segment, reuse, store)", s1, k1), ("report (extract, places, events, stories, corroborate)", s2, k2), ("whole pipeline", s1 + s2, max(k1, k2))]:
    print(f"| {name} | {d} | {s:.1f} | {d/s:.0f} | {k/1024:.0f} |")
PY
