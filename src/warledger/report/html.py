"""The site's HTML: one page shell, the index and a document's page.

Every value from the ledger is untrusted text: it goes through :func:`esc` (``html.escape``, quotes too), and
links are built by :mod:`warledger.report.links`, then escaped as attributes. The pages need nothing but
themselves: the CSS is inline, there is no script, and each page's Content-Security-Policy allows its own style
and nothing else, so a page opened from disk makes no request.

>>> marked("In 2023, 417 fighters were killed.", ((9, 21),))
'In 2023, <mark>417 fighters</mark> were killed.'
>>> esc('<script>alert("x")</script>')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence

from warledger import __version__
from warledger.model import Event, Finding
from warledger.report.evidence import (
    EXPLANATIONS,
    KIND_WEIGHTS,
    Sentence,
    arithmetic,
    claim_sentences,
    event_sentences,
    finding_weight,
)
from warledger.report.links import LICENSE_URL, article_url
from warledger.report.ranking import AuditView, DocEntry, kinds

CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 78em; padding: 0 1em 2em; color: #202122; }
header { border-bottom: 1px solid #a2a9b1; margin-bottom: 1em; }
h1 { font: 1.7em Georgia, serif; margin: .6em 0 .2em; }
h2 { font-size: 1.15em; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c8ccd1; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #eaecf0; }
td.num { text-align: right; white-space: nowrap; }
.meta, .id, .detail, blockquote footer { color: #54595d; font-size: .9em; }
.arith { font-family: ui-monospace, monospace; min-width: 12em; }
blockquote { margin: 0 0 .6em; padding: .3em .6em; border-left: 3px solid #a2a9b1; background: #f8f9fa; }
blockquote p { margin: 0 0 .2em; }
mark { background: #fc3; padding: 0 .1em; }
a { color: #36c; }
.attribution { margin-top: 2em; font-size: .9em; color: #54595d; }
"""
CSP = (f"default-src 'none'; style-src 'sha256-{base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()}'; "
       "base-uri 'none'; form-action 'none'")
ATTRIBUTION = f'Text from Wikipedia, <a href="{LICENSE_URL}">CC BY-SA 4.0</a>'


def esc(value: object) -> str:
    """Text as HTML: ``&``, ``<``, ``>`` and both quotes escaped."""
    return html.escape(str(value), quote=True)


def page(title: str, body: str) -> str:
    """A whole page around ``body`` (which is HTML already): inline style, no script, nothing fetched."""
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n")


def marked(text: str, marks: Sequence[tuple[int, int]]) -> str:
    """``text`` escaped, each (start, end) span of it in ``<mark>`` (a span overlapping an earlier one is left)."""
    out, at = [], 0
    for start, end in sorted(marks):
        if start >= at:
            out += [esc(text[at:start]), "<mark>", esc(text[start:end]), "</mark>"]
            at = end
    out.append(esc(text[at:]))
    return "".join(out)


# --- the index ------------------------------------------------------------------------------------------------


def _index_row(rank: int, entry: DocEntry, view: AuditView, counted: list[str]) -> str:
    by_kind = [sum(view.findings[k].kind == kind for k in entry.findings) for kind in counted]
    cells = [f'<td class="num">{rank}</td>',
             f'<td><a href="doc/{esc(entry.page)}">{esc(entry.name)}</a><br>'
             f'<span class="id">{esc(entry.id)}</span></td>',
             f"<td>{esc(entry.format)}</td>", f'<td class="num weight">{entry.weight:,}</td>',
             f'<td class="num">{len(entry.findings)}</td>', *(f'<td class="num">{n}</td>' for n in by_kind),
             f'<td class="num">{entry.claims:,}</td>', f'<td class="num">{entry.events:,}</td>']
    return f'<tr class="document">{"".join(cells)}</tr>'


def _weights() -> str:
    rows = "".join(f"<tr><td>{esc(kind)}</td><td class=\"num\">{weight}</td><td>{esc(EXPLANATIONS[kind])}</td></tr>"
                   for kind, weight in KIND_WEIGHTS.items())
    return ("<h2>How documents are ranked</h2><p>A finding weighs its kind's weight × Δ, the number of people by "
            "which its figures cannot both be true (at least 1; another kind weighs 1 × Δ). A finding belongs to "
            "every document one of its sentences comes from; a document weighs the sum of its findings. "
            "Documents with no findings weigh 0 and come last.</p>"
            f'<table class="weights"><thead><tr><th>Kind</th><th>Weight</th><th>Meaning</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def render_index(entries: list[DocEntry], view: AuditView) -> str:
    """The index: every document ranked by the weight of its findings, with its counts."""
    counted = kinds(view.findings)
    head = "".join(f"<th>{esc(h)}</th>" for h in ["#", "Document", "Format", "Weight", "Findings", *counted,
                                                   "Claims", "Events"])
    rows = "\n".join(_index_row(n, e, view, counted) for n, e in enumerate(entries, 1))
    flagged = sum(1 for e in entries if e.findings)
    body = (f"<header><h1>warledger audit</h1><p class=\"meta\">{len(entries):,} documents; "
            f"{len(view.findings):,} findings in {flagged:,} of them. Made by warledger {esc(__version__)}.</p>"
            "</header>\n<main><h2>Documents by the weight of their findings</h2>"
            f'<table class="documents"><thead><tr>{head}</tr></thead><tbody>\n{rows}\n</tbody></table>\n'
            f"{_weights()}</main>")
    return page("warledger audit", body)


# --- a document's page ----------------------------------------------------------------------------------------


def _source(sentence: Sentence, entry: DocEntry, view: AuditView) -> str:
    """Where a sentence comes from: its document (linked when another), its section (linked into the article
    when a Wikipedia one), the incident it tells."""
    doc = view.documents[sentence.doc]
    parts = ["this document" if doc.id == entry.id else f'<a href="{esc(doc.page)}">{esc(doc.name)}</a>']
    if doc.wikipedia and doc.title:
        label = f"§ {sentence.section}" if sentence.section else "article"
        parts.append(f'<a href="{esc(article_url(doc.title, sentence.section, doc.revision_url))}">{esc(label)}</a>')
    elif sentence.section:
        parts.append(f"§ {esc(sentence.section)}")
    if sentence.event:
        parts.append(f"incident {esc(sentence.event)}")
    return " · ".join(parts)


def _sentences(finding: Finding, view: AuditView, events: dict[str, Event]) -> list[Sentence]:
    out = claim_sentences(view.pairs, finding)
    doc, claim = view.pairs[finding.claims[0]]
    for event_id in finding.events:
        if event_id in events:
            out += event_sentences(doc, events[event_id], claim)
    return out


def _finding_row(n: int, k: int, entry: DocEntry, view: AuditView, events: dict[str, Event]) -> str:
    f = view.findings[k]
    sums = arithmetic(view.pairs, f, events)
    quotes = "".join(f"<blockquote><p>{marked(s.text, s.marks)}</p><footer>{_source(s, entry, view)}</footer>"
                     "</blockquote>" for s in _sentences(f, view, events))
    cells = [f'<td class="num">{n}</td>', f'<td class="kind">{esc(f.kind)}</td>',
             f'<td class="num">{esc(f.delta if f.delta is not None else "?")}</td>',
             f'<td class="num weight">{finding_weight(f):,}</td>',
             f'<td><p>{esc(EXPLANATIONS.get(f.kind, ""))}</p><p class="detail">{esc(f.detail)}</p></td>',
             f'<td class="arith">{esc(sums) if sums else "—"}</td>', f"<td>{quotes}</td>"]
    return f'<tr class="finding" id="finding-{n}">{"".join(cells)}</tr>'


def render_document(entry: DocEntry, view: AuditView, events: dict[str, Event]) -> str:
    """A document's page: each of its findings with its kind, explanation, arithmetic and the sentences it
    compares (figures marked, sections linked); ``events`` are the document's events by id."""
    rows = "\n".join(_finding_row(n, k, entry, view, events) for n, k in enumerate(entry.findings, 1))
    table = ('<table class="findings"><thead><tr><th>#</th><th>Kind</th><th>Δ</th><th>Weight</th>'
             "<th>Explanation</th><th>Arithmetic</th><th>Sentences compared</th></tr></thead>"
             f"<tbody>\n{rows}\n</tbody></table>") if rows else "<p>No findings.</p>"
    read = "Read the revision read on Wikipedia" if entry.revision_url else "Read the article on Wikipedia"
    link = f'<p><a href="{esc(article_url(entry.title, None, entry.revision_url))}">{read}</a></p>' \
        if entry.wikipedia and entry.title else ""
    quoted = {view.pairs[i][0] for k in entry.findings for i in view.findings[k].claims} | {entry.id}
    attribution = f'<p class="attribution">{ATTRIBUTION}</p>' \
        if any(view.documents[d].wikipedia for d in quoted) else ""
    body = (f'<header><p><a href="../index.html">← All documents</a></p><h1>{esc(entry.name)}</h1>'
            f'<p class="meta">{esc(entry.id)} · {esc(entry.format)} · {entry.claims:,} claims · '
            f"{entry.events:,} events · {len(entry.findings):,} findings · weight {entry.weight:,}</p>{link}"
            f"</header>\n<main><h2>Findings</h2>\n{table}</main>\n<footer>{attribution}</footer>")
    return page(f"{entry.name} — warledger audit", body)
