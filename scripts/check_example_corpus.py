#!/usr/bin/env python3
"""Consistency check for the example corpus (examples/corpus), Python stdlib only.

Checks that MANIFEST.json lists every document exactly once, that dates and
titles agree with the files, that every report is 120-450 words, and that text
reuse between documents (shared word 10-grams after normalisation) happens only
for the pairs planted in the manifest (duplicates, near-duplicates, rewrites,
shared passages) and that the planted repeats exist. Exits 1 on any problem.

This is a helper for corpus authors, not part of the sitrep engine: its simple
extractors (tags stripped inside <article>) only need to work on this corpus.

Usage: python3 scripts/check_example_corpus.py [CORPUS_DIR]
"""

import email.utils
import gzip
import html
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def strip_tags(fragment):
    paras = re.findall(r"<p[^>]*>(.*?)</p>", fragment, flags=re.S)
    return "\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in paras)


def article_text(page):
    m = re.search(r"<article\b.*?</article>", page, flags=re.S)
    return strip_tags(m.group(0)) if m else ""


def load(corpus):
    """Return {(file, record): text} for every document of the corpus."""
    docs = {}
    for path in sorted(corpus.iterdir()):
        name = path.name
        if name in ("MANIFEST.json", "README.md"):
            continue
        if name.endswith(".txt"):
            raw = path.read_text(encoding="utf-8")
            if raw.startswith(" date "):
                docs[(name, None)] = raw[len(" date 2025-10-09 "):]
            else:
                docs[(name, None)] = raw.split("\n\n", 1)[1]
        elif name.endswith(".html"):
            docs[(name, None)] = article_text(path.read_text(encoding="utf-8"))
        elif name.endswith(".jsonl"):
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                docs[(name, i)] = json.loads(line)["text"]
        elif name.endswith(".rss"):
            for i, item in enumerate(ET.parse(path).iter("item")):
                enc = item.find(CONTENT)
                docs[(name, i)] = strip_tags(enc.text) if enc is not None else item.find("description").text
        elif name.endswith(".warc.gz"):
            data = gzip.decompress(path.read_bytes()).decode("utf-8")
            pages = [r for r in data.split("WARC/1.0\r\n") if "WARC-Type: response" in r]
            for i, rec in enumerate(pages):
                docs[(name, i)] = article_text(rec)
        else:
            raise SystemExit(f"unexpected file {name}")
    return docs


def words(text):
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9']+", text)


def shingles(text, n=10):
    w = words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def main():
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "examples" / "corpus"
    man = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    docs = load(corpus)
    problems = []
    keys = [(d["file"], d["record"]) for d in man["documents"]]
    if len(set(keys)) != len(keys):
        problems.append("duplicate manifest entries")
    if set(keys) != set(docs):
        problems.append(f"manifest/doc mismatch: {set(keys) ^ set(docs)}")
    for d in man["documents"]:
        text = docs.get((d["file"], d["record"]), "")
        n = len(words(text))
        if not 120 <= n <= 450:
            problems.append(f"{d['file']}#{d['record']}: {n} words")
        if d["file"].endswith(".txt") and not text.startswith(" date") and d["format"] == "text":
            head = (corpus / d["file"]).read_text(encoding="utf-8").split("\n\n", 1)[0]
            if f"date: {d['date']}" not in head or "exercise: EXERCISE" not in head:
                problems.append(f"{d['file']}: header date/exercise mismatch")
    # Planted pairs (both directions) plus the transitive closure of duplicate groups.
    planted = set()
    for r in man["relations"]:
        a = (r["later"]["file"], r["later"]["record"])
        b = (r["earlier"]["file"], r["earlier"]["record"])
        planted |= {(a, b), (b, a)}
    for group in man.get("duplicate_groups", []):
        refs = [(g["file"], g["record"]) for g in group]
        planted |= {(a, b) for a in refs for b in refs if a != b}
    boiler = set()
    for b in man.get("boilerplate_sentences", []):
        boiler |= shingles(b["sentence"])
    sh = {k: shingles(v) - boiler for k, v in docs.items()}
    found = set()
    for a, b in combinations(sorted(sh, key=str), 2):
        common = sh[a] & sh[b]
        if common:
            found |= {(a, b), (b, a)}
            if (a, b) not in planted:
                sample = " ".join(next(iter(common)))
                problems.append(f"unplanned shared text {a} ~ {b}: {len(common)} 10-grams, e.g. '{sample}'")
    for r in man["relations"]:
        a = (r["later"]["file"], r["later"]["record"])
        b = (r["earlier"]["file"], r["earlier"]["record"])
        if (a, b) not in found:
            problems.append(f"planted relation without shared 10-gram: {a} -> {b} ({r['kind']})")
    for rep in man["repeats"]:
        text = docs[(rep["file"], rep["record"])]
        if text.count(rep["sentence"]) < 2:
            problems.append(f"repeat not found twice in {rep['file']}#{rep['record']}")
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(docs)} documents, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
