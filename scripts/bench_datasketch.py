#!/usr/bin/env python3
"""datasketch MinHashLSH side of scripts/bench_reuse.sh.

Reads the TSV corpus written by `bench_lsh --corpus-out` (kind, id, day, src, jaccard, text),
builds MinHash signatures over the same shingles as sitrep-reuse (lower-cased \\w+ words,
`k`-word shingles), queries then inserts each document into MinHashLSH with the same
threshold and num_perm, and reports docs/s, peak memory and recall on the planted pairs.
"""
import re
import resource
import sys
import time

from datasketch import MinHash, MinHashLSH

path, k, threshold, num_perm = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
WORD = re.compile(r"\w+")
rows = []
with open(path, encoding="utf-8") as f:
    for line in f:
        kind, i, day, src, jac, text = line.rstrip("\n").split("\t", 5)
        rows.append((kind, int(i), int(src), float(jac), text))

lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
planted, found = {}, {}
true_near = true_near_found = 0
cands_total = 0
t0 = time.perf_counter()
c0 = time.process_time()
for kind, i, src, jac, text in rows:
    words = WORD.findall(text.lower())
    if len(words) >= k:
        sh = {" ".join(words[j:j + k]) for j in range(len(words) - k + 1)}
    else:
        sh = {" ".join(words)}
    m = MinHash(num_perm=num_perm)
    m.update_batch([s.encode("utf-8") for s in sh])
    cands = lsh.query(m)
    lsh.insert(i, m)
    cands_total += len(cands)
    if src >= 0:
        hit = src in cands
        planted[kind] = planted.get(kind, 0) + 1
        found[kind] = found.get(kind, 0) + hit
        if i % 10 == 0 and jac >= threshold and kind != "rewrite":
            true_near += 1
            true_near_found += hit
elapsed = time.perf_counter() - t0
cpu = time.process_time() - c0
n = len(rows)


def pct(a, b):
    return float("nan") if b == 0 else 100.0 * a / b


print("engine\tdatasketch MinHashLSH")
print(f"docs\t{n}")
print(f"threads\t1")
print(f"num_perm\t{num_perm}\tshingle_words\t{k}\tthreshold\t{threshold}\tbands\t{lsh.b}\trows\t{lsh.r}")
print(f"fingerprint_index_s\t{elapsed:.2f}")
print(f"docs_per_s\t{n / elapsed:.0f}")
print(f"cpu_s\t{cpu:.2f}")
print(f"docs_per_cpu_s\t{n / cpu:.0f}")
print(f"peak_rss_mb\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
print(f"mean_candidates\t{cands_total / max(n, 1):.3f}")
for kind in ("copy", "near", "rewrite"):
    print(f"recall_{kind}\t{pct(found.get(kind, 0), planted.get(kind, 0)):.2f}\t({found.get(kind, 0)}/{planted.get(kind, 0)})")
print(f"recall_true_near_at_threshold\t{pct(true_near_found, true_near):.2f}\t({true_near_found}/{true_near} sampled planted pairs with shingle J >= threshold)")
