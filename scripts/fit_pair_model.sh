#!/usr/bin/env bash
# Refits crates/reuse/data/pair_model.txt (the learned sentence-pair model behind
# `sitrep compare --pairs` / ReuseDetector::classify_pair) on the MSRP TRAINING split only,
# and prints 5-fold CV on train and the score on val (val is never used for fitting).
#
# usage: scripts/fit_pair_model.sh [--l2 1.0] [--ablate]
# env:   SITREP_SHARED_DATA (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${SITREP_SHARED_DATA:-../shared/data}"
if [ ! -f "$DATA/msrp/msr-para-train.tsv" ]; then
    echo "skipped: MSRP not found at $DATA/msrp"; exit 0
fi
cargo run --release -q -p sitrep-reuse --example fit_pair_model -- \
    --data "$DATA" --out crates/reuse/data/pair_model.txt "$@"
