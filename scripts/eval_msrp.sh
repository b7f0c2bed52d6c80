#!/usr/bin/env bash
# MSRP paraphrase detection through `sitrep compare --pairs`: precision, recall and F1 of
# "label != different" for lexical-only and with the sentence embedding model, on train and val.
#
# usage: scripts/eval_msrp.sh [MODEL_DIR]   (default models/all-MiniLM-L6-v2)
# env:   SITREP_SHARED_DATA (default ../shared/data), SITREP_BIN (default: builds
#        target/release/sitrep with --features embeddings; the model row is skipped with a
#        note when the model or the feature is missing)
set -euo pipefail
cd "$(dirname "$0")/.."

DATA="${SITREP_SHARED_DATA:-../shared/data}/msrp"
MODEL="${1:-models/all-MiniLM-L6-v2}"
if [ ! -f "$DATA/msr-para-train.tsv" ]; then
    echo "skipped: MSRP not found at $DATA"; exit 0
fi
TARGET="${CARGO_TARGET_DIR:-target}"
if [ -z "${SITREP_BIN:-}" ]; then
    cargo build --release --features embeddings --quiet
    SITREP_BIN="$TARGET/release/sitrep"
fi
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

score() { # split label model_args...
    local split="$1" label="$2"; shift 2
    local f="$DATA/msr-para-$split.tsv"
    # Quality<TAB>#1 ID<TAB>#2 ID<TAB>#1 String<TAB>#2 String (header line skipped)
    tail -n +2 "$f" | cut -f4,5 > "$TMP/pairs.tsv"
    tail -n +2 "$f" | cut -f1 > "$TMP/gold"
    local t0=$(date +%s.%N)
    "$SITREP_BIN" --quiet "$@" compare --pairs "$TMP/pairs.tsv" | cut -f2 > "$TMP/pred"
    local secs=$(echo "$(date +%s.%N) - $t0" | bc)
    paste "$TMP/gold" "$TMP/pred" | awk -F'\t' -v s="$split" -v l="$label" -v secs="$secs" '
        { g = ($1 == "1"); p = ($2 != "different");
          tp += g && p; fp += !g && p; fn += g && !p; n++ }
        END { P = tp + fp ? tp / (tp + fp) : 0; R = tp + fn ? tp / (tp + fn) : 0;
              F = P + R ? 2 * P * R / (P + R) : 0;
              printf "| %-5s | %-22s | %5d | %.3f | %.3f | %.3f | %6.1f |\n", s, l, n, P, R, F, secs }'
}

echo "| split | classifier             | pairs | P     | R     | F1    | secs   |"
echo "|-------|------------------------|-------|-------|-------|-------|--------|"
have_model=1
if [ ! -f "$MODEL/model.safetensors" ]; then
    have_model=0; note="model rows skipped: no model in $MODEL (run scripts/fetch_model.sh)"
elif ! "$SITREP_BIN" --quiet --model "$MODEL" compare --pairs /dev/null 2>"$TMP/err"; then
    have_model=0; note="model rows skipped: $(head -n 1 "$TMP/err")"
fi
for split in train val; do
    score "$split" "lexical only"
    if [ "$have_model" = 1 ]; then
        score "$split" "lexical + model" --model "$MODEL"
    fi
done
[ "$have_model" = 1 ] || echo -e "\n$note"
echo -e "\nLabels from \`sitrep compare --pairs\` (positive = anything but \`different\`), default config."
