#!/usr/bin/env python3
"""Generates a synthetic news corpus of N documents as JSON Lines from real sentences.

Usage: gen_corpus.py SOURCE.jsonl N OUT.jsonl [--seed S]
Each document mixes 4-12 sentences drawn from SOURCE (e.g. the Reuters conversion); about 5%
are verbatim copies of an earlier document under another outlet, 5% near-copies (one word
changed), so reuse detection has work to do. Deterministic for a given seed.
"""
import json, random, sys, re
from datetime import date, timedelta

src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
rng = random.Random(seed)
sents = []
for line in open(src):
    t = json.loads(line)["text"]
    sents += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", t) if len(s.split()) >= 5]
outlets = [f"Outlet {i}" for i in range(40)]
start = date(2026, 1, 1)
docs = []
with open(out, "w") as w:
    for i in range(n):
        r = rng.random()
        day = start + timedelta(days=rng.randrange(120))
        if docs and r < 0.05:
            base = rng.choice(docs[-2000:])
            text = base
        elif docs and r < 0.10:
            words = rng.choice(docs[-2000:]).split(" ")
            words[rng.randrange(len(words))] = rng.choice(["reportedly", "officials", "local", "several"])
            text = " ".join(words)
        else:
            k = rng.randrange(4, 13)
            paras, cur = [], []
            for s in rng.sample(sents, k):
                cur.append(s)
                if rng.random() < 0.3:
                    paras.append(" ".join(cur)); cur = []
            if cur:
                paras.append(" ".join(cur))
            text = "\n\n".join(paras) + f" (ref {i})"
        docs.append(text)
        w.write(json.dumps({"id": f"g{i}", "source": rng.choice(outlets), "published": day.isoformat(), "text": text}) + "\n")
print(f"{n} documents -> {out}", file=sys.stderr)
