#!/usr/bin/env bash
# HTML extraction benchmark: sitrep next to trafilatura (PyPI) on the same pages of
# ../shared/data/html-extraction, scored by the same Rust code (crates/eval/src/html.rs).
#
# Usage: scripts/bench_html.sh [DATA_DIR]     (default: $SITREP_SHARED_DATA or ../shared/data)
# Sets up a Python venv in .cache/venv (pip install trafilatura) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-${SITREP_SHARED_DATA:-../shared/data}}"
if [ ! -d "$DATA/html-extraction" ]; then
  echo "skipped: $DATA/html-extraction not found"
  exit 0
fi
VENV=.cache/venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet trafilatura lxml_html_clean
fi
OUT=.cache/trafilatura-predictions.json
"$VENV/bin/python" - "$DATA/html-extraction" "$OUT" <<'PY'
import gzip, json, os, sys, time
import trafilatura

root, out = sys.argv[1], sys.argv[2]
settings = dict(include_comments=False, include_tables=True, include_formatting=False)

def run(pages):
    preds, secs = {}, 0.0
    for key, html in pages:
        t = time.perf_counter()
        try:
            text = trafilatura.extract(html, **settings)
        except Exception:
            text = None
        secs += time.perf_counter() - t
        preds[key] = text
    return preds, secs

zdir = os.path.join(root, "scrapinghub-aeb")
ids = sorted(json.load(open(os.path.join(zdir, "ground-truth.json"))))
zpages = [(i, gzip.open(os.path.join(zdir, "html", i + ".html.gz")).read()) for i in ids]
tdir = os.path.join(root, "trafilatura-eval")
names = sorted(json.load(open(os.path.join(tdir, "evaldata.json"))))
tpages = [(n, gzip.open(os.path.join(tdir, "html", n)).read()) for n in names]
z, zs = run(zpages)
t, ts = run(tpages)
json.dump({"system": "trafilatura %s (standard, PyPI)" % trafilatura.__version__,
           "zyte": z, "trafilatura": t, "zyte_seconds": zs, "trafilatura_seconds": ts}, open(out, "w"))
print("trafilatura: %d + %d pages in %.1f s + %.1f s" % (len(z), len(t), zs, ts), file=sys.stderr)
PY
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet -p sitrep-eval --example eval_html
"$CARGO_TARGET_DIR/release/examples/eval_html" --data "$DATA" --external "$OUT"
