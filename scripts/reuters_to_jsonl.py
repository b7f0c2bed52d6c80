#!/usr/bin/env python3
"""Converts Reuters-21578 SGML (../shared/data/reuters21578/*.sgm.gz) to sitrep JSON Lines.

Usage: reuters_to_jsonl.py SRC_DIR OUT.jsonl
Bodies only (items without a BODY are skipped). Nothing is written into the repository.
"""
import gzip, html, json, re, sys, pathlib
from datetime import datetime

src, out = pathlib.Path(sys.argv[1]), sys.argv[2]
n = 0
with open(out, "w") as w:
    for f in sorted(src.glob("reut2-*.sgm.gz")):
        raw = gzip.open(f, "rb").read().decode("latin-1")
        for m in re.finditer(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", raw, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            if not body:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(2), re.S)
            date = re.search(r"<DATE>\s*(\d+-[A-Z]+-\d+)", m.group(2))
            pub = None
            if date:
                try:
                    pub = datetime.strptime(date.group(1).title(), "%d-%b-%Y").date().isoformat()
                except ValueError:
                    pub = None
            text = html.unescape(body.group(1)).replace("\x03", "").strip()
            rec = {"id": "reuters-" + m.group(1), "source": "Reuters", "text": text}
            if title:
                rec["title"] = html.unescape(title.group(1)).strip()
            if pub:
                rec["published"] = pub
            w.write(json.dumps(rec) + "\n")
            n += 1
print(f"{n} documents -> {out}", file=sys.stderr)
