#!/usr/bin/env python3
"""Writes the WARC test fixtures of sitrep-ingest (Python stdlib only, deterministic).

Outputs crates/ingest/tests/fixtures/archive.warc and archive.warc.gz (one gzip member
per record, as crawlers write them). All page text is invented exercise material.

Records: warcinfo, request, response (UTF-8 HTML page without date or canonical URL:
the WARC-Date and WARC-Target-URI must be used), response (Windows-1252 page sent
with chunked transfer coding and gzip content coding, with its own date), a 302
redirect and a PNG response (both skipped), and a resource record with HTML.
"""
import gzip
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "crates", "ingest", "tests", "fixtures")

PAGE1 = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Boats evacuate Colibasi | Delta Wire</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Boats evacuate Colibasi</h1>
<p>EXERCISE MATERIAL - invented report for a simulation exercise.</p>
<p>Rescue teams used inflatable boats to evacuate 57 people from Colibasi on Saturday after the Prut spilled over its banks, the district emergency service said.</p>
<p>\u201cSome of the elderly refused to leave at first,\u201d a rescuer said. The village school was opened as a temporary shelter.</p>
</article><footer>Delta Wire \u00a9 2024</footer></body></html>
"""

PAGE2 = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Caf\u00e9 owners count flood damage - Eastern Ledger</title>
<meta property="article:published_time" content="2024-03-08T16:00:00+02:00">
<meta property="og:site_name" content="Eastern Ledger"></head>
<body><div class="content"><h1>Caf\u00e9 owners count flood damage</h1>
<p>EXERCISE MATERIAL. Shop and caf\u00e9 owners on the riverside street in Cahul began clearing mud on Friday as the water receded, saying the damage would take weeks to repair.</p>
<p>The town hall estimated that 35 businesses were affected.</p></div></body></html>
"""

RESOURCE = """<html><head><title>Notice</title></head><body><p>EXERCISE MATERIAL. The district council will publish a list of damaged houses on Monday so owners can apply for compensation.</p></body></html>"""


def record(warc_type, headers, block, date):
    lines = ["WARC/1.0", "WARC-Type: " + warc_type, "WARC-Date: " + date,
             "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>" % record.counter]
    record.counter += 1
    lines += headers
    lines.append("Content-Length: %d" % len(block))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + block + b"\r\n\r\n"


record.counter = 1


def http(status, headers, body):
    head = "HTTP/1.1 %s\r\n" % status + "".join(h + "\r\n" for h in headers) + "\r\n"
    return head.encode("ascii") + body


def chunked(data, size=100):
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def main():
    recs = []
    recs.append(record("warcinfo", ["Content-Type: application/warc-fields"],
                       b"software: sitrep make_test_warc.py\r\nformat: WARC File Format 1.0\r\n",
                       "2024-03-09T10:00:00Z"))
    recs.append(record("request", ["WARC-Target-URI: https://deltawire.example/a/020",
                                   "Content-Type: application/http; msgtype=request"],
                       b"GET /a/020 HTTP/1.1\r\nHost: deltawire.example\r\n\r\n", "2024-03-09T10:00:01Z"))
    recs.append(record("response", ["WARC-Target-URI: https://deltawire.example/a/020",
                                    "Content-Type: application/http; msgtype=response"],
                       http("200 OK", ["Content-Type: text/html; charset=utf-8"], PAGE1.encode("utf-8")),
                       "2024-03-09T10:00:02Z"))
    gz2 = gzip.compress(PAGE2.encode("cp1252"), mtime=0)
    recs.append(record("response", ["WARC-Target-URI: https://ledger.example/news/cafe-damage",
                                    "Content-Type: application/http; msgtype=response"],
                       http("200 OK", ["Content-Type: text/html", "Content-Encoding: gzip",
                                       "Transfer-Encoding: chunked"], chunked(gz2)),
                       "2024-03-09T10:00:03Z"))
    recs.append(record("response", ["WARC-Target-URI: https://deltawire.example/old",
                                    "Content-Type: application/http; msgtype=response"],
                       http("302 Found", ["Location: https://deltawire.example/a/020"], b""),
                       "2024-03-09T10:00:04Z"))
    recs.append(record("response", ["WARC-Target-URI: https://deltawire.example/logo.png",
                                    "Content-Type: application/http; msgtype=response"],
                       http("200 OK", ["Content-Type: image/png"], b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                       "2024-03-09T10:00:05Z"))
    recs.append(record("resource", ["WARC-Target-URI: https://council.example/notice",
                                    "Content-Type: text/html; charset=utf-8"],
                       RESOURCE.encode("utf-8"), "2024-03-10T08:00:00Z"))
    with open(os.path.join(OUT, "archive.warc"), "wb") as f:
        f.write(b"".join(recs))
    with open(os.path.join(OUT, "archive.warc.gz"), "wb") as f:
        for r in recs:
            f.write(gzip.compress(r, mtime=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
