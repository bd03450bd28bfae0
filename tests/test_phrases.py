"""The fast paths of the extraction stages give the answers of the plain ones.

Phrase matching shares one automaton pass per sentence, numbers and dates are
tried only at candidate offsets, sections and clause breaks are looked up
once: each is checked here against the straightforward way on real prose.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract.analysis import SentenceFacts
from warledger.extract.mentions.sources import CLAUSE_BREAK, clause_breaks
from warledger.extract.text.dates import find_dates
from warledger.extract.text.numbers import find_numbers
from warledger.extract.text.phrases import PhraseMatcher, fold
from warledger.extract.text.sentences import split_sentences
from warledger.read import read_path
from warledger.read.sections import section_at, section_finder

EXAMPLE = Path(__file__).resolve().parents[1] / "src/warledger/examples/syrian_desert_campaign_2017-2024.txt"
PHRASES = [("Deir ez-Zor", "DZ"), ("Deir", "D"), ("IS", "IS"), ("IS fighters", "ISF"), ("fighters", "F"),
           ("U.S.", "US"), ("al-Qaeda", "AQ"), ("al", "AL"), ("%", "PCT"), ("pro-government forces", "PGF"),
           ("T 2", "T2")]
SENSITIVE = ["IS", "IS fighters", "T 2"]  # "T 2" as a gazetteer spells "T-2": only the letter case must agree
WORDS = ["Deir", "ez-Zor", "ez", "Zor", "IS", "is", "fighters", "U.S.", "al-Qaeda", "al", "Qaedas", "60%", "%",
         "pro-government", "pro", "government", "forces", "near", "the", ",", "(", ")", "–", "’s", "deir", "T-2",
         "t-2", "T–2", "T", "2"]


def _words_only(text: str, lower: bool = True) -> str:
    """Punctuation read as space, as the matcher reads it."""
    return re.sub(r"[^\w]|_", " ", fold(text) if lower else text)


def _slow_find(text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest matches on word boundaries, by brute force over every phrase."""
    found = []
    for phrase, value in PHRASES:
        symbol = not any(ch.isalnum() for ch in phrase)
        low, key = (fold(text), phrase) if symbol else (_words_only(text), _words_only(phrase))
        for m in re.finditer(re.escape(key), low):
            start, end = m.start(), m.end()
            if not symbol and ((start > 0 and low[start - 1].isalnum()) or (end < len(low) and low[end].isalnum())):
                continue
            if phrase in SENSITIVE and _words_only(text[start:end], False) != _words_only(phrase, False):
                continue
            found.append((start, end, value))
    chosen, last = [], -1
    for start, end, value in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= last:
            chosen.append((start, end, value))
            last = end
    return chosen


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14))
def test_shared_and_own_scans_find_what_brute_force_finds(words):
    text = " ".join(words)
    own = PhraseMatcher(PHRASES, case_sensitive=SENSITIVE)
    shared = PhraseMatcher(PHRASES, case_sensitive=SENSITIVE, shared=True)
    expected = _slow_find(text)
    assert [(h.start, h.end, h.value) for h in own.find(text)] == expected
    assert [(h.start, h.end, h.value) for h in shared.find(text)] == expected


def test_punctuation_inside_a_phrase_matches_any_punctuation():
    m = PhraseMatcher([("pro-government forces", "PGF")])
    assert [h.value for h in m.find("pro government forces and pro-government  forces")] == ["PGF"]
    assert [(h.start, h.end) for h in m.find("the pro–government forces")] == [(4, 25)]


def test_a_sentence_is_scanned_once_for_every_shared_lexicon():
    s = SentenceFacts.of("IS killed 12 soldiers near Palmyra, SOHR said.")
    first = PhraseMatcher([("IS", "IS")], shared=True)
    second = PhraseMatcher([("SOHR", "SOHR")], shared=True)
    assert [h.value for h in first.find(s)] == ["IS"]
    scan = s.shared_hits
    assert [h.value for h in second.find(s)] == ["SOHR"] and s.shared_hits is scan  # the one scan serves both
    late = PhraseMatcher([("near Palmyra", "NP")], shared=True)  # a lexicon that joins later is not missed
    assert [(h.start, h.value) for h in late.find(s)] == [(22, "NP")]
    assert s.shared_hits is not scan


def test_numbers_inside_dates_are_left_out():
    text = "On 12 March 2019, between 26 and 30 soldiers and 1,611 civilians were killed, approx. 40 more in 2020."
    dates = [(d.start, d.end) for d in find_dates(text, 2019)]
    kept = [n.text for n in find_numbers(text, outside=dates)]
    assert kept == ["between 26 and 30", "1,611", "approx. 40"]
    assert {n.text for n in find_numbers(text)} >= {"12", "2019", "2020"}


def test_dates_start_only_where_a_date_can():
    text = "1,611 killed; 12, 13 and 14 March 2019 saw 150 dead, and 3–5 April, while in 1999 and 2045 more."
    found = [(d.text, d.span.start, d.span.end) for d in find_dates(text, 2019)]
    assert found == [("12", "2019-03-12", "2019-03-12"), ("13", "2019-03-13", "2019-03-13"),
                     ("14 March 2019", "2019-03-14", "2019-03-14"), ("3–5 April", "2019-04-03", "2019-04-05"),
                     ("1999 and 2045", "1999-01-01", "2045-12-31")]
    assert find_dates("In 1,611 cases, 12 killed and 150 wounded", 2019) == []


def test_a_run_of_years_ends_after_it_starts():
    assert [d.span.end for d in find_dates("the 2011-13 offensive")] == ["2013-12-31"]
    assert find_dates("press release 2011-03-S-038") == []  # a release's number, not 2011 to 2003


def test_clause_breaks_and_sections_agree_with_the_plain_lookups():
    doc = read_path(EXAMPLE).documents[0]
    at = section_finder(doc)
    for sent in split_sentences(doc.text):
        assert at(sent.start) == section_at(doc, sent.start)
        assert clause_breaks(sent.text) == tuple(m.start() for m in CLAUSE_BREAK.finditer(sent.text))


def test_an_age_written_apart_is_no_count():
    assert [n.text for n in find_numbers("Police shot dead a 10 year old boy and 2 men; a 3-year-old girl")] == ["2"]
    assert [n.text for n in find_numbers("10 years later, 12 soldiers")] == ["10", "12"]  # a span of time stays


def test_a_clock_time_is_no_count():
    assert [n.text for n in find_numbers("At 12:28 the bodies of 3 men were recovered; at 23:57 two more")] \
        == ["3", "two"]


def test_a_period_glued_to_an_age_ends_a_sentence_but_not_a_version():
    text = "It killed two children.34-year-old Ahmed Musa died too. See v.2 of the list."
    assert [s.text for s in split_sentences(text)] == [
        "It killed two children.", "34-year-old Ahmed Musa died too.", "See v.2 of the list."]
