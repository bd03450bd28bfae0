"""The year a narrative tells of at each sentence: what completes a date written without its year.

A heading's year comes first ("==2016=="); else the last year the text wrote out, while the walk stays in the
section that wrote it (in the paragraph, for a year outside the title's: a background's 2014). A section that has
written no year yet takes the year of its paragraph's first date written in full ("On 8 April, … On 3 May 2022,
…"), a December told before that January being the year before ("ISIL stated on 31 December … On 1 January 2018,
…"); a section that looks back over a story of several years ("Casualties") tells its days in order from the
story's start; else the last year written, brought back inside the years the title names, else the lead
("Aftermath" after the campaign: "Mass executions": "On 14 May" of May 2015; a "Background" that ends in 2018 before
a siege the lead dates 2022). Before the body writes a year, the title's, else the lead's.

>>> from warledger.read import read_string
>>> from warledger.extract.pipeline import analyse
>>> text = "= T =\\n\\n==A==\\nOn 2 May 2016, 3 died.\\n\\n==B==\\nOn 30 December, 4 died. On 1 January 2017, 5 died."
>>> [e.date.start for e in analyse(read_string(text, "t", fmt="wiki-plaintext").documents[0]).events]
['2016-05-02', '2016-12-30', '2017-01-01']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from warledger.extract.analysis import SentenceFacts
from warledger.extract.cues import cue_alternation
from warledger.extract.narrative.segments import YEAR_WRITTEN, heading_year
from warledger.extract.text.dates import months_written
from warledger.model import Document

# "may 2022" in the folded lead (a month if months_written says so)
MONTH_YEAR = re.compile(r"\b[a-z]+\.?\s+(?P<year>(?:19|20)\d\d)\b")
RETROSPECTIVE = re.compile(rf"\b(?:{cue_alternation('retrospective_headings')})\b", re.I)
OPENING_CHARS = 8  # a sentence opens on a date written within its first words ("On 3 May 2022", "By 12 May")


class FullDate(NamedTuple):
    """A paragraph's first date written in full: its year and month, and where its sentence starts."""

    year: int
    month: int
    start: int


def section_of(sent: SentenceFacts) -> str | None:
    return (sent.section.path or sent.section.title) if sent.section else None


class NarrativeYears:
    """The years of one document's sentences (``paragraph``: the paragraph of a document offset)."""

    def __init__(self, doc: Document, sentences: list[SentenceFacts], paragraph: Callable[[int], int]):
        self.doc, self.paragraph = doc, paragraph
        self._heading_years: dict[str, int | None] = {}
        self._spanning: set[str] = set()  # headings that name more than one year
        self._full_dates = self._first_full_dates(sentences)

    def of(self, sent: SentenceFacts, last_year: int | None, last_section: str | None) -> int | None:
        """The year the text tells of at ``sent``: its heading's, else ``last_year`` (the last one written, in
        ``last_section``)."""
        section = section_of(sent)
        if section and (year := self._heading_year(section)) is not None:
            # A heading that spans years ("Capture (27 December 2022 – 16 January 2023)") gives its first until
            # its text writes another ("on 4 January 2023. On 5 January, …").
            spanned = section in self._spanning and last_section == section and last_year is not None
            return last_year if spanned else year
        if last_section in (section, self._paragraph_scope(sent)):
            return last_year
        full = self._full_dates.get(self.paragraph(sent.start))
        if full is None or not self.within_title_years(full.year):
            restart = self._restarted_year(sent)
            return self._back_in_title(last_year) if restart is None else restart
        months = months_written(sent.date_matches[:1]) if sent.start < full.start else set()
        return full.year - 1 if months and min(months) > full.month else full.year

    def scope(self, sent: SentenceFacts, year: int) -> str | None:
        """Where a year written at ``sent`` holds: its section; its paragraph only if it lies outside the title's
        years (a "Background" that tells of 2014 in one paragraph and of the 2022 invasion in the next)."""
        return section_of(sent) if self.within_title_years(year) else self._paragraph_scope(sent)

    def _paragraph_scope(self, sent: SentenceFacts) -> str:
        return f"{section_of(sent)}#{self.paragraph(sent.start)}"

    def or_document_year(self, year: int | None) -> int | None:
        """``year``, else the report's, else the article's."""
        if year is None and self.doc.reference_date:
            return int(self.doc.reference_date[:4])
        return self.document_year if year is None else year

    @functools.cached_property
    def document_year(self) -> int | None:
        """The year an article is about before its body writes one: its title's ("Battle of Kharkiv (2022)"),
        else the first its lead writes ("took place from February to May 2022")."""
        title_year = heading_year(self.doc.title or "")
        if title_year is not None or not self.doc.sections:
            return title_year
        return heading_year(self.doc.text[:self.doc.sections[0].start])

    def _restarted_year(self, sent: SentenceFacts) -> int | None:
        """In a story told over years ("Battle of Bakhmut (2022–2023)"), a section that looks back over it and writes
        no year of its own ("Casualties": "On 26 October … On 25 December … by the beginning of January") tells its
        days in order from the story's start: a month is of the first year it falls in on or after the start."""
        years, start = self._title_years, self._story_start
        months = months_written(sent.date_matches[:1]) if sent.date_matches else set()
        if not months or years is None or years[0] == years[1] or start is None \
                or not RETROSPECTIVE.search(section_of(sent) or ""):
            return None
        return min(start[0] + (min(months) < start[1]), years[1])

    @functools.cached_property
    def _story_start(self) -> tuple[int, int] | None:
        """The year and month the lead first writes in full ("the shelling of Bakhmut began in May 2022")."""
        lead = self.doc.text[:self.doc.sections[0].start].lower() if self.doc.sections else ""
        for m in MONTH_YEAR.finditer(lead):
            months = months_written((m,))
            if months:
                return int(m.group("year")), min(months)
        return None

    def _back_in_title(self, year: int | None) -> int | None:
        """A section that writes no year, after one that ended outside the title's years ("Aftermath": "In March
        2016, …"), tells of the title's years again ("Mass executions": "On 14 May, …" of May 2015)."""
        years = self._title_years
        if year is None or not years or years[0] <= year <= years[1]:
            return year
        return min(max(year, years[0]), years[1])

    @functools.cached_property
    def _title_years(self) -> tuple[int, int] | None:
        """The first and last year the title names ("Battle of Avdiivka (2022–2023)"), else its lead ("The Siege
        of Mariupol began on 24 February 2022 and lasted until 20 May"), if any: the years the story is told in,
        which a background section's years ("In 2014 …", "2018 saw …") do not carry into the next section."""
        years = [int(y) for y in YEAR_WRITTEN.findall(self.doc.title or "")]
        if not years and self.doc.sections:
            years = [int(y) for y in YEAR_WRITTEN.findall(self.doc.text[:self.doc.sections[0].start])]
        return (min(years), max(years)) if years else None

    def within_title_years(self, year: int) -> bool:
        """Whether ``year`` lies in the years the title names ("Battle of Avdiivka (2022–2023)"), if it names any:
        a paragraph recalling an earlier year ("On 25 November 2013, they had shot down …") does not."""
        years = self._title_years
        return not years or years[0] <= year <= years[1]

    def _first_full_dates(self, sentences: list[SentenceFacts]) -> dict[int, FullDate]:
        """Each paragraph's first sentence opening on a day written in full ("On 3 May 2022, …"); a year told
        inside a sentence may recall the past ("since the offensive began in late December 2015")."""
        found: dict[int, FullDate] = {}
        for sent in sentences:
            paragraph = self.paragraph(sent.start)
            if paragraph in found or not sent.date_matches:
                continue
            m = sent.date_matches[0]
            months = months_written((m,))
            if m.start() <= OPENING_CHARS and months and any(c.isdigit() for c in m.group(0)[:3]) \
                    and (year := heading_year(m.group(0))) is not None:
                found[paragraph] = FullDate(year, min(months), sent.start)
        return found

    def _heading_year(self, heading: str) -> int | None:
        """The year a heading names, looked up once per heading of the document: every sentence below asks."""
        if heading not in self._heading_years:
            self._heading_years[heading] = heading_year(heading)
            if len(set(YEAR_WRITTEN.findall(heading))) > 1:
                self._spanning.add(heading)
        return self._heading_years[heading]
