#!/usr/bin/env python3
"""Builds crates/report/data/countries-50m.txt, the country outlines drawn on the
report's offline SVG map.

Input: `countries-50m.json` from the npm package `world-atlas` 2.0.2 (Natural Earth
1:50m Admin 0 countries, v4.1.0, as TopoJSON; Natural Earth data is in the public
domain). Get it with:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/natural_earth_countries.py /tmp/package/countries-50m.json \
        crates/report/data/countries-50m.txt

What it does: decodes the TopoJSON arcs into rings, simplifies every ring with
Douglas-Peucker (tolerance TOL degrees), rounds to 0.01 degree and writes one line
per country:

    ISO_NUMERIC <TAB> NAME <TAB> RING | RING | ...

where a RING is `lon0,lat0,dlon1,dlat1,...`: the first point in hundredths of a
degree, then deltas from the previous point (also in hundredths). Rings of one
country never overlap each other except as holes, so an even-odd fill draws them.
Rings crossing the antimeridian are unwrapped (longitudes past +-180); readers draw
them twice, shifted by 360 degrees.
"""
import json
import sys

TOL = 0.02  # degrees; ~2 km, about what 1:50m data resolves at report zoom levels
SCALE = 100  # hundredths of a degree


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring_points(arcs, idxs):
    pts = []
    for i in idxs:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        if pts:
            a = a[1:]
        pts.extend(a)
    return pts


def perp_dist(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        s, e = stack.pop()
        best, bi = -1.0, -1
        for i in range(s + 1, e):
            d = perp_dist(pts[i], pts[s], pts[e])
            if d > best:
                best, bi = d, i
        if best > tol:
            keep[bi] = True
            stack.append((s, bi))
            stack.append((bi, e))
    return [p for p, k in zip(pts, keep) if k]


def unwrap(ring):
    """Makes a ring that crosses the antimeridian continuous (longitudes may then run
    past +-180; the reader draws a copy shifted by 360). Antarctica's ring, which runs
    along the pole, is left alone."""
    if min(y for _, y in ring) < -60:
        return ring
    out = [ring[0]]
    for x, y in ring[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        out.append((x, y))
    return out


def encode(ring):
    q = []
    for x, y in ring:
        p = (round(x * SCALE), round(y * SCALE))
        if not q or q[-1] != p:
            q.append(p)
    if len(q) < 4:  # too small to draw at this resolution
        return None
    out = [q[0][0], q[0][1]]
    for (x0, y0), (x1, y1) in zip(q, q[1:]):
        out += [x1 - x0, y1 - y0]
    return ",".join(map(str, out))


def main(src, dst):
    topo = json.load(open(src))
    arcs = decode_arcs(topo)
    lines = [
        "# Natural Earth 1:50m Admin 0 countries (v4.1.0, public domain), via the npm package",
        "# world-atlas 2.0.2; simplified and rounded by scripts/natural_earth_countries.py.",
        "# Format: ISO numeric<TAB>name<TAB>rings separated by \"|\"; a ring is lon,lat in",
        "# hundredths of a degree, then deltas from the previous point.",
    ]
    for g in topo["objects"]["countries"]["geometries"]:
        polys = []
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        rings = []
        for poly in polys:
            for ring in poly:
                enc = encode(simplify(unwrap(ring_points(arcs, ring)), TOL))
                if enc:
                    rings.append(enc)
        if rings:
            name = g.get("properties", {}).get("name", "").replace("\t", " ")
            lines.append(f"{g.get('id', '')}\t{name}\t{'|'.join(rings)}")
    with open(dst, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
