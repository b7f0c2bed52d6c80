#!/usr/bin/env python3
"""Representative points of countries and US states/counties for the gazetteer.

GeoNames' own points for countries and admin units are only in allCountries.txt,
which no PyPI package ships; its points for large units are close to the
geographic centre of the unit's main landmass. This script computes such
centres from public-domain outlines and writes `admin_points.tsv`:

    KEY <TAB> lat <TAB> lon <TAB> source

KEY is an ISO country code (`US`), a GeoNames admin1 key (`US.TX`) or an admin2
key (`US.TX.201`). `sitrep gazetteer import` (crates/places/src/import.rs) uses
these points for the matching countries and admin units.

Inputs:
  --countries FILE   crates/report/data/countries-50m.txt (Natural Earth 1:50m
                     Admin 0, public domain, via npm world-atlas 2.0.2, converted
                     by scripts/natural_earth_countries.py)
  --country-info F   GeoNames countryInfo.txt (ISO numeric -> ISO alpha-2)
  --us-atlas DIR     the npm package us-atlas 3.0.1 (U.S. Census Bureau
                     cartographic boundaries, public domain; package ISC):
                     states-10m.json and counties-10m.json (TopoJSON)
  --admin1 FILE      GeoNames admin1CodesASCII.txt (US state names -> codes)

The centre of a unit is the area-weighted centroid of its polygons that lie
within 1,500 km of its largest polygon (so Alaska and Hawaii do not pull the
United States' point into the Pacific, while the Philippines keep their islands).
"""
import argparse
import json
import math
import sys


def ring_stats(ring):
    """Signed planar area and centroid of a lon/lat ring (degrees, lon scaled by cos lat)."""
    n = len(ring)
    if n < 3:
        return 0.0, ring[0][0], ring[0][1]
    lat0 = sum(p[1] for p in ring) / n
    k = math.cos(math.radians(lat0))
    a = cx = cy = 0.0
    for i in range(n):
        x0, y0 = ring[i][0] * k, ring[i][1]
        x1, y1 = ring[(i + 1) % n][0] * k, ring[(i + 1) % n][1]
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(a) < 1e-12:
        return 0.0, sum(p[0] for p in ring) / n, lat0
    return a / 2, cx / (3 * a) / k, cy / (3 * a)


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(min(1, math.sqrt(h)))


def centre(polys):
    """polys: list of outer rings. Returns (lat, lon) or None."""
    stats = [ring_stats(r) for r in polys if len(r) >= 3]
    stats = [(abs(a), x, y) for a, x, y in stats if a != 0]
    if not stats:
        return None
    big = max(stats)
    keep = [s for s in stats if km(s[2], s[1], big[2], big[1]) <= 1500]
    w = sum(s[0] for s in keep)
    lon = sum(s[0] * s[1] for s in keep) / w
    lat = sum(s[0] * s[2] for s in keep) / w
    while lon > 180:
        lon -= 360
    while lon < -180:
        lon += 360
    return lat, lon


def countries_50m(path):
    """ISO numeric -> list of rings from countries-50m.txt (delta-encoded hundredths)."""
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        iso, _name, rings = line.rstrip("\n").split("\t")
        rs = []
        for r in rings.split("|"):
            v = [int(x) for x in r.split(",") if x]
            if len(v) < 2:
                continue
            x, y = v[0], v[1]
            pts = [(x / 100, y / 100)]
            for i in range(2, len(v) - 1, 2):
                x += v[i]
                y += v[i + 1]
                pts.append((x / 100, y / 100))
            rs.append(pts)
        out.setdefault(iso, []).extend(rs)
    return out


def topo_rings(topo, obj):
    """Outer rings of each geometry of a TopoJSON object: [(id, props, [ring...])]."""
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for p in arc:
            if tr:
                x += p[0]
                y += p[1]
                pts.append((x * tr["scale"][0] + tr["translate"][0], y * tr["scale"][1] + tr["translate"][1]))
            else:
                pts.append((p[0], p[1]))
        arcs.append(pts)

    def ring(idx):
        pts = []
        for a in idx:
            seg = arcs[a] if a >= 0 else list(reversed(arcs[~a]))
            pts.extend(seg if not pts else seg[1:])
        return pts

    out = []
    for g in topo["objects"][obj]["geometries"]:
        if g.get("type") == "Polygon":
            polys = [g["arcs"]]
        elif g.get("type") == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        out.append((g.get("id"), g.get("properties", {}), [ring(p[0]) for p in polys if p]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--countries")
    ap.add_argument("--country-info")
    ap.add_argument("--us-atlas")
    ap.add_argument("--admin1")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rows = []
    if a.countries and a.country_info:
        num2a2 = {}
        for l in open(a.country_info, encoding="utf-8"):
            if l.startswith("#"):
                continue
            c = l.rstrip("\n").split("\t")
            if len(c) > 2 and c[2].strip():
                num2a2[c[2].strip().zfill(3)] = c[0]
        for iso, rings in countries_50m(a.countries).items():
            cc = num2a2.get(iso.zfill(3))
            p = centre(rings) if cc else None
            if p:
                rows.append((cc, p[0], p[1], "natural-earth-50m"))
    if a.us_atlas and a.admin1:
        name2code = {}
        for l in open(a.admin1, encoding="utf-8"):
            c = l.rstrip("\n").split("\t")
            if len(c) >= 2 and c[0].startswith("US."):
                name2code[c[1]] = c[0][3:]
        fips2st = {}
        states = json.load(open(a.us_atlas + "/states-10m.json"))
        for gid, props, rings in topo_rings(states, "states"):
            st = name2code.get(props.get("name", ""))
            p = centre(rings)
            if st and p:
                fips2st[gid] = st
                rows.append(("US." + st, p[0], p[1], "us-atlas-states"))
        counties = json.load(open(a.us_atlas + "/counties-10m.json"))
        for gid, _props, rings in topo_rings(counties, "counties"):
            if not gid or len(gid) != 5 or gid[:2] not in fips2st:
                continue
            p = centre(rings)
            if p:
                rows.append(("US.%s.%s" % (fips2st[gid[:2]], gid[2:]), p[0], p[1], "us-atlas-counties"))
    with open(a.out, "w", encoding="utf-8") as f:
        for k, la, lo, src in sorted(rows):
            f.write("%s\t%.4f\t%.4f\t%s\n" % (k, la, lo, src))
    print("%d points -> %s" % (len(rows), a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
