#!/usr/bin/env bash
# Ingest throughput (docs/s, MB/s) including segmentation, reuse fingerprints/relations and storage,
# on Reuters-21578 (from ../shared/data, skipped when absent) and a generated 100k-document corpus.
# Usage: scripts/bench_ingest.sh [N=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
DATA=${SITREP_SHARED_DATA:-../shared/data}
WORK=${TMPDIR:-/tmp}/sitrep-bench-ingest
mkdir -p "$WORK"
cargo build --release -q
BIN=${CARGO_TARGET_DIR:-target}/release/sitrep
if [ ! -d "$DATA/reuters21578" ]; then echo "skipping: $DATA/reuters21578 not found"; exit 0; fi
[ -f "$WORK/reuters.jsonl" ] || python3 scripts/reuters_to_jsonl.py "$DATA/reuters21578" "$WORK/reuters.jsonl"
[ -f "$WORK/gen-$N.jsonl" ] || python3 scripts/gen_corpus.py "$WORK/reuters.jsonl" "$N" "$WORK/gen-$N.jsonl"
# CPU ms/doc (user + system, all threads) is less sensitive than docs/s to other load on the machine.
printf "| corpus | docs | MB | seconds | docs/s | MB/s | CPU ms/doc | peak RSS MB |\n|---|---|---|---|---|---|---|---|\n"
for f in "$WORK/reuters.jsonl" "$WORK/gen-$N.jsonl"; do
  rm -f "$WORK/bench.db"*
  docs=$(wc -l < "$f"); bytes=$(stat -c %s "$f")
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$BIN" --db "$WORK/bench.db" --quiet ingest "$f" 2>/dev/null
  read -r secs kb user sys < "$WORK/time"
  python3 -c "d=$docs;b=$bytes;s=$secs;print(f'| $(basename $f) | {d} | {b/1e6:.1f} | {s:.2f} | {d/s:.0f} | {b/1e6/s:.1f} | {($user+$sys)*1000/d:.2f} | {$kb/1024:.0f} |')"
done
