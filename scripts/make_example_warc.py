#!/usr/bin/env python3
"""Build the example WARC file of the sitrep example corpus (exercise material).

Writes ``examples/corpus/mindanaoledger_crawl.warc.gz``: one ``warcinfo`` record
followed by three ``response`` records, each an HTTP/1.1 200 response carrying an
HTML page of the invented outlet "Mindanao Daily Ledger". Every record is gzipped
as its own member (the usual ``.warc.gz`` layout). Python standard library only.

The output is deterministic: record ids are UUIDv5 values derived from the target
URI, dates are fixed, and gzip members carry mtime 0 and no file name, so running
the script twice gives byte-identical files.

All text is invented for an exercise (EXERCISE — invented scenario, not real news).
The second page deliberately has no publication date in its markup, so a reader
must fall back to the record's WARC-Date.

Usage: python3 scripts/make_example_warc.py [OUTPUT_PATH]
"""

import base64
import gzip
import hashlib
import html
import json
import sys
import uuid
from pathlib import Path

EXERCISE = "EXERCISE — invented scenario, not real news"
SITE = "Mindanao Daily Ledger"
NS = uuid.UUID("6f1c2d1e-8a53-4b0e-9a51-5c1d3e0a7b42")  # fixed namespace for record ids

PAGES = [
    {
        "uri": "https://mindanaoledger.example/news/2025/10/11/host-families-cotabato-city",
        "warc_date": "2025-10-11T09:02:17Z",
        "http_date": "Sat, 11 Oct 2025 09:02:17 GMT",
        "published": "2025-10-11T16:40:00+08:00",
        "title": "Cotabato City homes overflow as relatives flee the marsh",
        "author": "Hannah Dimapalao",
        "section": "News",
        "body": """
COTABATO CITY — In a two-bedroom house in Barangay Rosary Heights, 23 people now share one bathroom. Most of them arrived this week from Datu Piang, carrying what they could save from the floodwater and fleeing the fighting that followed it.

"My sister's family came on Tuesday, then my husband's cousins on Thursday. I cannot say no to family," said Normina Abas, 50, who owns the house. She said she had spent almost all of her monthly income on rice in four days.

The city social welfare office said on Saturday that it had registered 1,150 families from Datu Piang, Talayan and other marsh towns staying with relatives in the city, and that the real number was probably higher because many had not come forward. These families are not counted among those in evacuation centres and have received little help so far.

City social welfare officer Gemma Tamparong said her office would start distributing food packs to host households on Monday. "The host families are carrying a burden that belongs to all of us. We cannot let them fall into poverty because they opened their doors," she said.

Aid workers say host families are often invisible in official statistics, which is one reason estimates of the number of displaced people vary so widely. Provincial disaster officials count around 4,000 families in evacuation centres, while relief groups put the total number of displaced people at well above 20,000.

At a public elementary school in the city that has been turned into a shelter, about 90 families from the marsh sleep in six classrooms. A volunteer doctor said she had treated children for fever, coughs and skin rashes caused by days spent in dirty water.

For Abas, the hardest part is not knowing how long her guests will stay. "Everyone asks me when they will go home. I ask them the same question. Nobody knows," she said.
""",
    },
    {
        "uri": "https://mindanaoledger.example/news/2025/10/15/kalbugan-pikit-mortar-attack",
        "warc_date": "2025-10-15T10:12:31Z",
        "http_date": "Wed, 15 Oct 2025 10:12:31 GMT",
        "published": None,  # no date in the page: use the WARC-Date
        "title": "Grandmother, grandson killed as mortar rounds hit Kalbugan homes",
        "author": "Ledger Correspondent",
        "section": "Regions",
        "body": """
PIKIT, Cotabato — A woman in her sixties and her teenage grandson were killed when mortar rounds crashed into their home in Barangay Kalbugan before dawn on Wednesday, in an attack that police say was rooted in a dispute over land rather than the conflict raging in the nearby marsh.

Neighbours said they heard three explosions in quick succession at about 3 a.m. One round hit the family's bamboo house directly, and a second set fire to a rice granary next door. Five people from two households were wounded.

Kalbugan, some 11 km south of central Pikit, sits close to the eastern edge of the Liguasan Marsh. The village chairman, Ali Mamintal, said armed men had been seen in the area in recent weeks and that some families had received written threats telling them to abandon their farms.

"They think that if they make us afraid, we will leave and they can take the land. But this land is where our parents are buried," Mamintal told the Ledger.

The Pikit police chief, Maj. Danilo Cabugao, said investigators were treating the attack as part of a clan feud. He said his officers had recovered the remains of 60mm mortar rounds and were tracing where the weapon came from.

About 60 families left Kalbugan by midmorning for the municipal gymnasium. Soldiers from an army detachment in Pikit were deployed to the village in the afternoon.

The attack happened about 20 kilometres east of Datu Piang, where government forces and the Liguasan Revolutionary Command have been fighting since last week. Local officials urged residents not to confuse the two conflicts and not to share unverified claims about the Kalbugan attack on social media.
""",
    },
    {
        "uri": "https://mindanaoledger.example/news/2025/10/18/families-head-home-pause-begins",
        "warc_date": "2025-10-18T07:45:09Z",
        "http_date": "Sat, 18 Oct 2025 07:45:09 GMT",
        "published": "2025-10-18T14:05:00+08:00",
        "title": "Boats full of mattresses: families head home as pause begins",
        "author": "Hannah Dimapalao",
        "section": "News",
        "body": """
DATU PIANG, Maguindanao del Sur — Boats piled high with mattresses, plastic chairs, chickens in baskets and children in life vests pushed off from the river landing here on Saturday morning, as displaced families took advantage of the first day of a humanitarian pause to go home.

The pause, agreed on Friday by the army and the Liguasan Revolutionary Command, began at 6 a.m. By mid-morning, municipal officials said, about 400 families had left the evacuation centres in the town proper, most of them heading to riverside villages where the floodwater had dropped by more than a metre over the past three days.

"We will sleep at home tonight, even if the floor is still wet," said Abdulrahman Lidasan, 63, as he loaded a water drum and a rolled-up mat into a boat bound for his village downriver. He and his wife had spent 12 days in a classroom at the central school.

Not all families were ready to leave. Many from the villages south of the town, near where the airstrike and the heaviest fighting took place, were told by officials to stay put until the army and the mediators confirmed that the area was safe and free of unexploded shells.

The reopening of the Damabalas bridge brought a line of trucks into the town for the first time since Oct. 9. Shop owners said rice and gasoline prices had started to come down by afternoon.

Members of the monitoring team set up under the pause, including two elders and an aid worker, were stationed at the bridge, where they recorded the vehicles passing through.

Provincial officials warned that the pause lasts only 72 hours and advised families who return to keep their documents and valuables ready in case they must leave again.
""",
    },
]


def esc(text):
    return html.escape(text, quote=True)


def render_page(page):
    """Return a realistic news page (nav, cookie banner, ads, related links, comments)."""
    paras = [p.strip() for p in page["body"].strip().split("\n\n") if p.strip()]
    body = "\n".join(f"      <p>{html.escape(p, quote=False)}</p>" for p in paras)
    head_dates = ""
    time_tag = ""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page["title"],
        "author": {"@type": "Person", "name": page["author"]},
        "publisher": {"@type": "Organization", "name": SITE},
        "mainEntityOfPage": page["uri"],
    }
    if page["published"]:
        head_dates = f'  <meta property="article:published_time" content="{page["published"]}">\n'
        time_tag = f'<time datetime="{page["published"]}">{page["published"][:10]}</time>'
        ld["datePublished"] = page["published"]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(page["title"])} — {SITE}</title>
  <meta name="exercise" content="{EXERCISE}">
  <meta property="og:site_name" content="{SITE}">
  <meta property="og:title" content="{esc(page["title"])}">
  <meta property="og:url" content="{page["uri"]}">
{head_dates}  <script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
  <link rel="stylesheet" href="/assets/ledger.css">
</head>
<body>
  <div class="exercise-banner" style="background:#c00;color:#fff;padding:6px;text-align:center"><strong>{EXERCISE}</strong></div>
  <div class="cookie-notice" id="cookie-notice">This website uses cookies for analytics and advertising. <a href="/privacy">Privacy policy</a> <button>I agree</button></div>
  <header class="masthead">
    <a href="/" class="brand">{SITE}</a>
    <nav><a href="/news/">News</a> | <a href="/regions/">Regions</a> | <a href="/business/">Business</a> | <a href="/opinion/">Opinion</a> | <a href="/sports/">Sports</a> | <a href="/subscribe/">Subscribe</a></nav>
  </header>
  <div class="ad-slot top"><small>Advertisement</small> <a href="https://ads.adnetwork.example/r/2291">Solar panels for your sari-sari store: zero down payment.</a></div>
  <main>
    <article class="post">
      <h1 class="entry-title">{esc(page["title"])}</h1>
      <div class="entry-meta">By <span class="author vcard">{esc(page["author"])}</span> {time_tag} <span class="section">{esc(page["section"])}</span></div>
{body}
    </article>
    <section class="related-posts"><h3>You may also like</h3>
      <ul>
        <li><a href="/news/2025/10/07/army-lrc-clash-kitango">Army, LRC rebels clash in Kitango</a></li>
        <li><a href="/news/2025/10/09/damabalas-bridge-closed-fuel-blockade">Army shuts Damabalas bridge</a></li>
        <li><a href="/opinion/2025/10/10/editorial-the-marsh-deserves-better">Editorial: The marsh deserves better</a></li>
      </ul>
    </section>
    <section class="comments"><h3>Leave a reply</h3>
      <div class="comment"><cite>reader_from_kabacan</cite><p>Thank you Ledger for reporting what the big networks ignore.</p></div>
      <form><textarea name="comment"></textarea><input type="submit" value="Post comment"></form>
    </section>
  </main>
  <footer><p>&copy; 2025 {SITE} — an invented outlet used for exercise material.</p></footer>
</body>
</html>
"""


def record(headers, block):
    """One WARC/1.0 record as bytes (headers CRLF-separated, block, two CRLFs)."""
    lines = ["WARC/1.0"] + [f"{k}: {v}" for k, v in headers] + [f"Content-Length: {len(block)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def build():
    out = []
    info = (
        "software: sitrep scripts/make_example_warc.py\r\n"
        "format: WARC File Format 1.0\r\n"
        f"description: {EXERCISE}. Crawl of three pages of an invented outlet.\r\n"
    ).encode("utf-8")
    out.append(record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Date", "2025-10-18T08:00:00Z"),
        ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid5(NS, 'warcinfo')}>"),
        ("WARC-Filename", "mindanaoledger_crawl.warc.gz"),
        ("Content-Type", "application/warc-fields"),
    ], info))
    for page in PAGES:
        payload = render_page(page).encode("utf-8")
        http_head = (
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(payload)}\r\n"
            f"Date: {page['http_date']}\r\n"
            "Server: nginx\r\n"
            "Cache-Control: max-age=300\r\n"
            "\r\n"
        ).encode("ascii")
        block = http_head + payload
        out.append(record([
            ("WARC-Type", "response"),
            ("WARC-Target-URI", page["uri"]),
            ("WARC-Date", page["warc_date"]),
            ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid5(NS, page['uri'])}>"),
            ("WARC-Payload-Digest", sha1_b32(payload)),
            ("WARC-Block-Digest", sha1_b32(block)),
            ("Content-Type", "application/http;msgtype=response"),
        ], block))
    return b"".join(gzip.compress(r, compresslevel=9, mtime=0) for r in out)


def main():
    root = Path(__file__).resolve().parent.parent
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "examples" / "corpus" / "mindanaoledger_crawl.warc.gz"
    data = build()
    target.write_bytes(data)
    print(f"wrote {target} ({len(data)} bytes, {1 + len(PAGES)} records)")


if __name__ == "__main__":
    main()
