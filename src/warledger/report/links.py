"""Where the site's pages are and where they point: safe page names, links into Wikipedia articles.

>>> page_name("wikitext/battle_of_hodeidah.wiki")
'wikitext-battle_of_hodeidah-wiki-f52817ece712fbd8.html'
>>> page_name("../../etc/passwd")
'etc-passwd-3754d6cb3a38e118.html'
"""

from __future__ import annotations

import hashlib
import re

from warledger.citation import WIKI_FORMATS, WIKIPEDIA, article_url, is_wikipedia

__all__ = ["LICENSE_URL", "WIKI_FORMATS", "article_url", "is_wikipedia", "page_name"]

LICENSE_URL = WIKIPEDIA + "Wikipedia:Text_of_the_Creative_Commons_Attribution-ShareAlike_4.0_International_License"
UNSAFE = re.compile(r"[^A-Za-z0-9_]+")
SLUG_CHARS = 60


def page_name(doc_id: str) -> str:
    """The file name of a document's page: its id's letters, digits and ``_`` (other runs become ``-``, at most
    SLUG_CHARS of them) and 16 hex digits of the id's SHA-256, so that names are unique per id and can
    hold no path (no ``/``, no ``..``, no leading dot)."""
    slug = UNSAFE.sub("-", doc_id).strip("-")[:SLUG_CHARS].strip("-") or "document"
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{slug}-{digest}.html"
