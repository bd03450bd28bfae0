"""Citing the texts a ledger quotes: Wikipedia articles (CC BY-SA 4.0) and the revisions read.

The audit site links into articles and every export carries each row's citation, so that text quoted from
Wikipedia keeps its attribution wherever it goes.

>>> article_url("Syrian Desert campaign (2017–2024)", "2018 > July–September")
'https://en.wikipedia.org/wiki/Syrian_Desert_campaign_(2017%E2%80%932024)#July%E2%80%93September'
>>> citation({"format": "wikitext", "title": "Battle of Hodeidah", "provenance": None})
{'source_url': 'https://en.wikipedia.org/wiki/Battle_of_Hodeidah', 'licence': 'CC BY-SA 4.0'}
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

WIKIPEDIA = "https://en.wikipedia.org/wiki/"
WIKI_FORMATS = ("wiki-plaintext", "wikitext")
"""The formats of Wikipedia articles: their titles name the article, their text is CC BY-SA 4.0."""
WIKIPEDIA_LICENCE = "CC BY-SA 4.0"
TITLE_SAFE = "()_,'!:;*@$"  # kept as MediaWiki writes them; "/", "?", "#", "&" and the rest are escaped


def is_wikipedia(fmt: str) -> bool:
    return fmt in WIKI_FORMATS


def article_url(title: str, section: str | None = None, revision_url: str | None = None) -> str:
    """The English Wikipedia article named ``title`` (or the revision read, ``revision_url``), at the heading
    that ends the ``section`` path ("2018 > July–September" → ``#July–September``); the top for the infobox or
    no section."""
    url = revision_url or WIKIPEDIA + quote("_".join(title.split()), safe=TITLE_SAFE)
    if not section or section.startswith("infobox"):
        return url
    heading = section.rpartition(" > ")[2]
    return f"{url}#{quote('_'.join(heading.split()), safe=TITLE_SAFE)}"


def citation(row: dict[str, Any]) -> dict[str, str]:
    """A stored document's citation (a row of the ledger's documents): ``source_url``, the revision its
    provenance names, else the article of a Wikipedia document's title; ``licence``, its provenance's, else CC
    BY-SA 4.0 for a Wikipedia article."""
    said = json.loads(row["provenance"]) if row.get("provenance") else {}
    wiki = is_wikipedia(row["format"])
    url = said.get("url") or (article_url(row["title"]) if wiki and row.get("title") else "")
    return {"source_url": url, "licence": said.get("licence") or (WIKIPEDIA_LICENCE if wiki else "")}
