#!/usr/bin/env bash
# Reuse benchmark: sitrep-reuse (fingerprint + incremental LSH index) next to datasketch's
# MinHashLSH on the same synthetic corpus (generated at run time from Reuters-21578 in the
# shared data folder), same shingles, num_perm and threshold.
#
#   scripts/bench_reuse.sh [N] [DATASKETCH_N]
#     N             documents for sitrep-reuse (default 1000000)
#     DATASKETCH_N  documents for the side-by-side run of both engines (default 20000;
#                   datasketch is pure Python, 1M documents would take hours)
# Environment: SITREP_SHARED_DATA (default ../shared/data or ../../shared/data), THREADS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DN=${2:-20000}
DATA=${SITREP_SHARED_DATA:-}
if [ -z "$DATA" ]; then
  for d in ../shared/data ../../shared/data; do [ -d "$d" ] && DATA=$d && break; done
  DATA=${DATA:-../shared/data}
fi
THREADS=${THREADS:-2}
OUT=${TMPDIR:-/tmp}/sitrep-bench-reuse
mkdir -p "$OUT"
if [ ! -d "$DATA/reuters21578" ]; then echo "skipped: $DATA/reuters21578 not found"; exit 0; fi
cargo build --release -q -p sitrep-reuse --example bench_lsh
BIN=${CARGO_TARGET_DIR:-target}/release/examples/bench_lsh
if [ ! -x .cache/venv/bin/python ]; then
  python3 -m venv .cache/venv && .cache/venv/bin/pip install -q datasketch
fi
CFG=$(.cache/venv/bin/python - <<'PY'
print("3 0.5 128")
PY
)
read -r K T P <<<"$CFG"

echo "== side by side on $DN documents (sitrep-reuse with $THREADS threads, datasketch single-threaded) =="
"$BIN" --n "$DN" --threads "$THREADS" --data "$DATA" --corpus-out "$OUT/corpus.tsv" --corpus-n "$DN" >"$OUT/rust_small.txt"
"$BIN" --n "$DN" --threads 1 --data "$DATA" >"$OUT/rust_small_1t.txt"
.cache/venv/bin/python scripts/bench_datasketch.py "$OUT/corpus.tsv" "$K" "$T" "$P" >"$OUT/py_small.txt"
echo "== sitrep-reuse on $N documents =="
"$BIN" --n "$N" --threads "$THREADS" --data "$DATA" >"$OUT/rust_big.txt"
# Full candidate keys (bands + sentence keys, with sentence splitting) on a tenth of N:
# on this synthetic corpus (originals drawn from one sentence pool) sentence keys are
# shared by many documents, so it is much slower than band keys alone.
"$BIN" --n "$((N / 10))" --threads "$THREADS" --data "$DATA" --mode full >"$OUT/rust_big_full.txt" 2>/dev/null || true

python3 - "$OUT" <<'PY'
import sys, os
out = sys.argv[1]
def load(name):
    d = {}
    p = os.path.join(out, name)
    if not os.path.exists(p):
        return d
    for line in open(p):
        parts = line.rstrip("\n").split("\t")
        for j in range(0, len(parts) - 1, 2):
            d.setdefault(parts[j], parts[j + 1])
        if len(parts) >= 2:
            d[parts[0]] = parts[1]
    return d
cols = [("sitrep %s thr" % load("rust_small.txt").get("threads", "?"), load("rust_small.txt")),
        ("sitrep 1 thr", load("rust_small_1t.txt")),
        ("datasketch", load("py_small.txt")),
        ("sitrep big (bands)", load("rust_big.txt")),
        ("sitrep big (full keys)", load("rust_big_full.txt"))]
keys = ["docs", "threads", "bands", "docs_per_s", "cpu_s", "docs_per_cpu_s", "peak_rss_mb", "index_mb",
        "mean_candidates", "recall_copy", "recall_near", "recall_true_near_at_threshold", "recall_rewrite"]
w = 24
print("| metric".ljust(w + 2) + "".join(("| " + c).ljust(w + 2) for c, _ in cols) + "|")
print("|" + "-" * (w + 1) + ("|" + "-" * (w + 1)) * len(cols) + "|")
for k in keys:
    print(("| " + k).ljust(w + 2) + "".join(("| " + d.get(k, "-")).ljust(w + 2) for _, d in cols) + "|")
def ratio(col, key="docs_per_s"):
    try:
        return float(load(col)[key]) / float(load("py_small.txt")[key])
    except (KeyError, ValueError, ZeroDivisionError):
        return float("nan")
print(f"\nthroughput vs datasketch, wall clock (docs/s): same corpus {ratio('rust_small.txt'):.0f}x "
      f"({ratio('rust_small_1t.txt'):.0f}x single-threaded); 1M-document run {ratio('rust_big.txt'):.0f}x")
print(f"per CPU-second (robust to other load on the machine): same corpus "
      f"{ratio('rust_small.txt', 'docs_per_cpu_s'):.0f}x ({ratio('rust_small_1t.txt', 'docs_per_cpu_s'):.0f}x "
      f"single-threaded); 1M-document run {ratio('rust_big.txt', 'docs_per_cpu_s'):.0f}x")
print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock ratios need a quiet machine)")
print("bands: b x r as chosen for threshold 0.5, num_perm 128, 3-word shingles (both engines).")
PY
