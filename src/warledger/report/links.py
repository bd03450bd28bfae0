"""Where the site's pages are and where they point: safe page names, links into Wikipedia articles.

>>> page_name("wikitext/battle_of_hodeidah.wiki")
'wikitext-battle_of_hodeidah-wiki-f52817ece712fbd8.html'
>>> page_name("../../etc/passwd")
'etc-passwd-3754d6cb3a38e118.html'
>>> article_url("Syrian Desert campaign (2017–2024)", "2018 > July–September")
'https://en.wikipedia.org/wiki/Syrian_Desert_campaign_(2017%E2%80%932024)#July%E2%80%93September'
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

WIKIPEDIA = "https://en.wikipedia.org/wiki/"
WIKI_FORMATS = ("wiki-plaintext", "wikitext")
"""The formats of Wikipedia articles: their titles name the article, their text is CC BY-SA 4.0."""
LICENSE_URL = WIKIPEDIA + "Wikipedia:Text_of_the_Creative_Commons_Attribution-ShareAlike_4.0_International_License"
UNSAFE = re.compile(r"[^A-Za-z0-9_]+")
SLUG_CHARS = 60
TITLE_SAFE = "()_,'!:;*@$"  # kept as MediaWiki writes them; "/", "?", "#", "&" and the rest are escaped


def page_name(doc_id: str) -> str:
    """The file name of a document's page: its id's letters, digits and ``_`` (other runs become ``-``, at most
    SLUG_CHARS of them) and 16 hex digits of the id's SHA-256, so that names are unique per id and can
    hold no path (no ``/``, no ``..``, no leading dot)."""
    slug = UNSAFE.sub("-", doc_id).strip("-")[:SLUG_CHARS].strip("-") or "document"
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{slug}-{digest}.html"


def is_wikipedia(fmt: str) -> bool:
    return fmt in WIKI_FORMATS


def article_url(title: str, section: str | None = None) -> str:
    """The English Wikipedia article named ``title``, at the heading that ends the ``section`` path
    ("2018 > July–September" → ``#July–September``); the article's top for the infobox or no section."""
    url = WIKIPEDIA + quote("_".join(title.split()), safe=TITLE_SAFE)
    if not section or section.startswith("infobox"):
        return url
    heading = section.rpartition(" > ")[2]
    return f"{url}#{quote('_'.join(heading.split()), safe=TITLE_SAFE)}"
