"""Places: the event's place, geocoded from the offline gazetteer.

Gazetteer names and governorate phrases ("eastern countryside of Homs",
"Deir Ezzor desert", "southern Al-Raqqah") are found in a text; the event's
place is the most specific one that the text sets the event at ("near
Mayadin" beats a passing "from Deir ez-Zor").

>>> p = choose_place("clashes in the desert near Mayadin killed 9", 0)
>>> (p.name, p.admin1, p.precision)
('Mayadin', 'Deir ez-Zor', 'near-town')
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from warledger.data import load_yaml
from warledger.extract.cues import cue_alternation, cue_list
from warledger.extract.mentions.gazetteer import Gazetteer, GazetteerEntry, PlaceKind, PlaceMention
from warledger.extract.text.phrases import last_word
from warledger.model import InfoboxField, Place, PlacePrecision

DIRECTION = rf"(?:{cue_alternation('compass_directions')})(?:ern)?"  # "east", "north-eastern"
# "(the) (eastern) countryside of (the)", "eastern": a part of the governorate named next.
PART_BEFORE = re.compile(
    rf"(?:(?:the\s+)?(?:{DIRECTION}\s+)?(?:{cue_alternation('place_part_nouns')})"
    rf"\s+of\s+(?:the\s+)?|{DIRECTION}\s+)$", re.I)
PART_AFTER = re.compile(r"^\s+(?:countryside|desert|badia|outskirts|rural\s+areas)\b", re.I)
ADMIN_AFTER = re.compile(r"^\s+(?:governorate|province|region)\b", re.I)
# "near X", "outside X", "12 km south of X", "the outskirts of X".
NEAR = re.compile(r"(?:near|outside|around|close\s+to|of)\s+(?:the\s+)?$", re.I)
# "in X", "an attack on the town of X": the event's place.
AT = re.compile(rf"\b(?:{cue_alternation('place_at_words')})"
                r"\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+|village\s+of\s+)?$", re.I)
# A place name that is part of another name: a square, a street or a family, a longer name or a route.
NOT_THE_PLACE_AFTER = re.compile(rf"\s*(?:[-–]\s*[A-Z]|\s+(?:{cue_alternation('place_name_followers')})\b|"
                                 rf"\s+(?!{cue_alternation('place_capitalised_suffixes')})"
                                 r"[A-Z][a-z])")
# "on the road to Damascus", "the highway between the city and Damascus", "the road from Homs to Palmyra".
ROAD_ENDS = (r"(?:between|from)\s+(?:[\w'’-]+\s+){1,4}?(?:and|to)\s+")
DESTINATION = re.compile(rf"\b(?:{cue_alternation('destination_words')})\s+(?:{ROAD_ENDS}|(?:to|towards?|for)\s+)"
                         r"(?:the\s+)?$", re.I)
# "trucks … bound for SDF-run refugee camps in northeastern Syria, primarily al-Hawl": a place further on after a
# movement's heading is where the people go, not where the sentence happens (right after it, DESTINATION: a route).
MOVING_TOWARDS = re.compile(r"\b(?:bound|head(?:ing|ed))\s+(?:for|to|towards?)\s+[^.;:]{3,80}$", re.I)
BETWEEN_ENDS = re.compile(rf"\b(?:{cue_alternation('destination_words')})\s+{ROAD_ENDS}(?:the\s+)?$", re.I)
COUNTRYSIDE = re.compile(r"\b(?:countryside|rural|outskirts|suburbs)\b", re.I)
SPEAKS_AFTER = re.compile(rf"\s+(?:{cue_alternation('capital_speech_verbs')})\b")
DATELINE = re.compile(r"(?:,\s*[A-Z][a-z]+)?\s*\([A-Za-z. ]{1,20}\)\s*[—–-]")
ADDRESSED_BEFORE = re.compile(rf"\b(?:{cue_alternation('addressed_verbs')})\s+$", re.I)
GROUP_NAME_AFTER = re.compile(rf"\s+(?:(?:[A-Z][\w'-]*|of|the)\s+){{0,2}}(?:{cue_alternation('group_name_words')})\b")
LEADING_WORDS = frozenset(cue_list("sentence_leading_words"))  # "In Raqqa": no longer name (as written)
WHILE_DOING = re.compile(r"\bwhile\s+[a-z]+ing\b[^,;.]*$")  # a place in what the victim was doing then
# A sentence that opens on an earlier incident ("The next day, just hours after the attack on Division 17 started,
# ISIL attacked the Regiment 121 base"): a place in that clause is where the earlier one was.
EARLIER_CLAUSE = re.compile(r"^(?:(?:[\w-]+\s+){0,4}[\w-]*,\s*)?(?:just\s+)?(?:\w+\s+)?(?:after|following|since)\s"
                            r"[^,;]*$", re.I)
ORIGIN = re.compile(r"\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:of\s+)?$", re.I)
SAME_PHRASE = re.compile(r"[^,;.\d]*$")  # no clause or figure between a town and the governorate after it
PART_OF_AFTER = re.compile(r"\s+(?:district|neighbou?rhood|quarter|suburb|camp)\s+of\s", re.I)
# A village or an area named by its cue ("the village of al-Jalabiyyi", "the villages of Sebti and Khani", "the
# Mandek area"): a place the text names, whether or not the gazetteer knows it.
UNKNOWN_PLACE = re.compile(r"\b(?:villages?|towns?|hamlets?|areas?)\s+of\s+(?:(?i:al|el)-)?[A-Z]|"
                           r"\bthe\s+[A-Z][\w'’-]+\s+area\b")
AREA_AFTER = re.compile(r"^\s+(?:area|region|pocket|triangle|desert)\b", re.I)
# The words each pattern above can end on (before a "the"): a window whose last word ends otherwise cannot
# match, and most windows are ruled out without running the pattern at every position.
PART_BEFORE_ENDS = ("of", "ern", *cue_list("compass_directions"))
NEAR_ENDS = ("near", "outside", "around", "to", "of")
AT_ENDS = cue_list("place_at_words")
RANK: dict[PlaceKind, int] = {"site": 6, "town": 5, "village": 5, "route": 3, "area": 3, "admin1": 2, "region": 1,
                              "country": 0}


class _Candidate(NamedTuple):
    score: float
    mention: PlaceMention
    precision: PlacePrecision
    phrase: str  # the words that name the place: "eastern countryside of Homs"


WORD_START = re.compile(r"\b\w")


def _part_before(before: str) -> re.Match[str] | None:
    """The left-most "(the) (eastern) countryside of (the)" or "eastern" that ends ``before``.

    Tried at word starts only, not at every character of the window.
    """
    return next((m for w in WORD_START.finditer(before) if (m := PART_BEFORE.match(before, w.start()))), None)


def _precision(text: str, m: PlaceMention, near: bool) -> tuple[PlacePrecision, str]:
    """The precision of a mention and the phrase it covers (``near``: "near"/"outside"/"of" before it)."""
    before, after = text[max(0, m.start - 60):m.start], text[m.end:m.end + 40]
    name = text[m.start:m.end]
    if DESTINATION.search(before) and m.entry.kind in ("town", "village", "site"):
        return "route", name  # "on the road to Palmyra": somewhere on the way
    if m.entry.kind == "admin1":
        part = _part_before(before) if last_word(before).endswith(PART_BEFORE_ENDS) else None
        if part:
            tail = ADMIN_AFTER.match(after)
            phrase = before[part.start():] + name + (after[:tail.end()] if tail else "")
            return "admin1-part", re.sub(r"^the\s+", "", phrase, flags=re.I)
        if tail := PART_AFTER.match(after):
            return "admin1-part", name + after[:tail.end()]
        tail = ADMIN_AFTER.match(after)
        return "admin1", name + (after[:tail.end()] if tail else "")
    town = m.entry.kind in ("town", "village")
    if (town or m.entry.kind == "site") and AREA_AFTER.match(after):
        return ("near-town" if town else "area"), name
    if town:
        return ("near-town" if near else "town"), name
    return m.entry.kind if m.entry.kind in RANK else "unknown", name


def _landmark(m: PlaceMention, mentions: list[PlaceMention], near: bool) -> bool:
    """"the Kobajjep area near Palmyra": Palmyra only says where Kobajjep is."""
    return near and any(0 <= m.start - o.end <= 30 for o in mentions if o is not m)


def _candidate(text: str, m: PlaceMention, mentions: list[PlaceMention], theatre: str | None = None) -> _Candidate:
    window = text[max(0, m.start - 40):m.start]
    tail = last_word(window)
    near = tail.endswith(NEAR_ENDS) and bool(NEAR.search(window))
    precision, phrase = _precision(text, m, near)
    if len(mentions) == 1:
        return _Candidate(0.0, m, precision, phrase)  # nothing to weigh it against
    at = tail.endswith(AT_ENDS) and AT.search(window)
    score = RANK.get(m.entry.kind, 0) + (1.5 if at else 0) - m.start / 10_000
    if _landmark(m, mentions, near):
        score -= 3
    if PART_OF_AFTER.match(text, m.end):
        score -= 4  # "the Kafr Sousa district of Damascus": the city after "of" says where
    if _inside_a_longer_name(text, m):
        score -= 3  # "al-Karama square", "the al-Jassem family", "Qarah Qozak", "Tariq al-Bab", "Baghdad-Kirkuk"
    if "from" in window and ORIGIN.search(window):
        score -= 2  # "evacuees from the besieged towns of Foua": where they came from
    if DESTINATION.search(window):
        score -= 3  # "on the road to Damascus near Khan Shaykhun": where the road goes, not where it happened
    if " while " in window and (during := WHILE_DOING.search(window)):
        while_at = m.start - len(window) + during.start()
        if any(o.end <= while_at for o in mentions):
            score -= 2  # "wounded in the village of Horenka while reporting on the conflict near Kyiv": Horenka
    if _in_earlier_clause(text, m, mentions):
        score -= 2
    if theatre and m.entry.country and m.entry.country != theatre:
        score -= 3  # a namesake in another country ("al-Hamdaniya" in Aleppo is not Iraq's)
    return _Candidate(score, m, precision, phrase)


def _in_earlier_clause(text: str, m: PlaceMention, mentions: list[PlaceMention]) -> bool:
    """Whether the place is in an opening "after …" clause and the main clause names another."""
    if m.start > 120 or not EARLIER_CLAUSE.search(text, 0, m.start):
        return False
    comma = text.find(",", m.end)
    return comma > 0 and any(o.start > comma for o in mentions)


def _longer_name_before(text: str, start: int) -> bool:
    """Whether a capitalised word runs into the name ("Tariq al-Bab", "Baghdad-Kirkuk")."""
    window = text[max(0, start - 20):start]
    before = window.rstrip(" -–")
    if not before or not 0 < len(window) - len(before) <= 3:
        return False  # no space or dash right before the name
    word = before.rsplit(None, 1)[-1].rsplit("-", 1)[-1]
    # (a comma ends the name before: "the village of Peremoha, Brovary Raion")
    return word[:1].isupper() and word[1:2].islower() and word[-1:].isalnum() and word not in LEADING_WORDS


def _place(chosen: _Candidate, base: int, admin1: str | None) -> Place:
    entry, offset = chosen.mention.entry, base + chosen.mention.start
    if chosen.precision.startswith("admin1"):
        if admin1 == "Damascus" and COUNTRYSIDE.search(chosen.phrase):
            admin1 = "Rif Dimashq"  # "the countryside of Damascus" is the governorate around the city
        return Place(name=chosen.phrase, admin1=admin1, precision=chosen.precision, offset=offset)
    return Place(name=entry.name, admin1=admin1, lat=entry.lat, lon=entry.lon, precision=chosen.precision,
                 text=chosen.phrase if chosen.phrase != entry.name else None, offset=offset)


def _foreign_part(text: str, m: PlaceMention, theatre: str | None, home: str | None = None) -> bool:
    """A town of another country read inside a longer name: "Tal al-Qasab" near al-Qairawan in Iraq is not Kassab
    in Latakia (either alone may be a place: "Tariq al-Bab", "Abu Kamal" in a text about Iraq); and in an article
    about one governorate, a town of another country the sentence does not name is a namesake ("cleared the
    Hamidiyah District" in Ramadi is not al-Hamidiyah in Tartus; "the Syrian border town of Abu Kamal" is), and so
    is a town of another governorate inside a longer name."""
    foreign = bool(theatre and m.entry.country and m.entry.country != theatre)
    unnamed = home is not None and not _names_country(text, m.entry.country)
    # In an article about one governorate, a town of another read inside a longer name is a namesake's part too:
    # "Qara Qozak" near Kobanî is not Qarah in Rif Dimashq.
    elsewhere = home is not None and m.entry.admin1 not in (None, home)
    return (foreign and (_inside_a_longer_name(text, m) or unnamed)) or (elsewhere and _inside_a_longer_name(text, m))


def _names_country(text: str, country: str | None) -> bool:
    words = _country_words().get(country or "", ())
    return any(w in text for w in words)


@functools.cache
def _country_words() -> dict[str, tuple[str, ...]]:
    """Each country's name and adjective ("Syria", "Syrian"), as the text writes them."""
    return {code: (str(c["name"]), str(c.get("demonym", c["name"])))
            for code, c in load_yaml("countries.yaml")["countries"].items()}


def _inside_a_longer_name(text: str, m: PlaceMention) -> bool:
    """A name that runs on before or after the place: "Tariq al-Bab", "al-Karama square", "Baghdad-Kirkuk"."""
    return NOT_THE_PLACE_AFTER.match(text, m.end) is not None or _longer_name_before(text, m.start)


def _not_a_place(text: str, m: PlaceMention) -> bool:
    """"Baghdad did not give a figure", "accused Damascus of", "BAGHDAD (AP) —", "the Manbij Military Council",
    "(Damascus time)", "bound for … al-Hawl": a government, a dateline, a group's name, a clock or a destination."""
    if m.start < 3 and DATELINE.match(text, m.end):
        return True  # where the wire filed from
    if GROUP_NAME_AFTER.match(text, m.end):
        return True
    before = text[max(0, m.start - 12):m.start]
    addressed = ("ed " in before or "ing " in before) and ADDRESSED_BEFORE.search(before) is not None
    return addressed or SPEAKS_AFTER.match(text, m.end) is not None or _far_destination(text, m)


def _far_destination(text: str, m: PlaceMention) -> bool:
    """A place named further on after "bound for", "heading towards" (not right after it: "a convoy heading to
    Palmyra" is on its way there)."""
    window = text[max(0, m.start - 100):m.start]
    return ("bound" in window or "head" in window) and MOVING_TOWARDS.search(window) is not None \
        and DESTINATION.search(window) is None


def _within_named_governorate(text: str, best: _Candidate, candidates: list[_Candidate]) -> _Candidate:
    """"Busra al-Harir and Nahta in the eastern Daraa countryside": a town outside the governorate named
    right after it is a namesake elsewhere; the best place inside that governorate is meant."""
    if best.mention.entry.admin1 is None:
        return best
    # A governorate named right after it, or any place in parentheses ("near al-Shula (Deir ez-Zor)").
    named = {c.mention.entry.admin1 for c in candidates if c.mention.start > best.mention.end
             and ((c.mention.entry.kind == "admin1" and SAME_PHRASE.match(text, best.mention.end, c.mention.start))
                  or text[c.mention.start - 1:c.mention.start] == "(")}
    if not named or best.mention.entry.admin1 in named:
        return best
    inside = [c for c in candidates if c.mention.entry.admin1 in named]
    return max(inside, key=lambda c: c.score)


def _far_end(text: str, c: _Candidate) -> bool:
    """The far end of a road between two places ("the highway between the city and Damascus"): the road may run
    through other governorates (a road the gazetteer knows keeps its own)."""
    return c.precision == "route" and BETWEEN_ENDS.search(text, max(0, c.mention.start - 60), c.mention.start) \
        is not None


HOME_BONUS = 1.0  # less than any rule's penalty: "on the road to" or "near" still decide first
PAIR_JOIN = re.compile(r"\s*[-–—]\s*")
ROAD_AFTER = re.compile(r"\s+(?:road|highway|motorway|route)\b", re.I)


def _road_pair(text: str, candidates: list[_Candidate]) -> tuple[Place | None, list[_Candidate]]:
    """"the Ithriyah–Palmyra highway": a road between two towns, in the governorate they share (none where they lie
    in two), and its two ends."""
    for first, second in itertools.pairwise(sorted(candidates, key=lambda c: c.mention.start)):
        if PAIR_JOIN.fullmatch(text, first.mention.end, second.mention.start) \
                and (road := ROAD_AFTER.match(text, second.mention.end)):
            one, two = first.mention.entry.admin1, second.mention.entry.admin1
            return Place(name=text[first.mention.start:road.end()], admin1=one if one == two else None,
                         precision="route", offset=first.mention.start), [first, second]
    return None, []


def choose_place(text: str, base: int, gazetteer: Gazetteer | None = None,
                 mentions: list[PlaceMention] | None = None, theatre: str | None = None,
                 home: str | None = None) -> Place | None:
    """The event's place in ``text`` (``base`` is its offset in the document).

    ``mentions`` are the gazetteer's finds in ``text`` when already known; ``theatre`` is the country
    the document is about (a namesake elsewhere gives way); ``home`` the governorate the article is about, whose
    places come first ("east of Safsafah, … in the eastern countryside of Tabqa": Tabqa in Raqqa, not the
    Safsafah of Tartus).
    """
    if mentions is None:
        mentions = (gazetteer or Gazetteer.load()).find(text)
    # "Baghdad did not give a figure", "Damascus denied": a capital speaking for its government.
    mentions = [m for m in mentions if not _not_a_place(text, m) and not _foreign_part(text, m, theatre, home)]
    candidates = [_candidate(text, m, mentions, theatre) for m in mentions]
    if not candidates:
        return None
    road, ends = _road_pair(text, candidates)
    candidates = [c for c in candidates if c not in ends]  # "on the Baghdad-Kirkuk highway near Daquq": Daquq
    if not candidates:
        return road
    best = _within_named_governorate(text, max(candidates, key=lambda c: c.score + (
        HOME_BONUS if home and c.mention.entry.admin1 == home else 0)), candidates)
    admin1 = None if _far_end(text, best) else best.mention.entry.admin1
    if admin1 is None:  # a place with no governorate takes the one all the others share
        admin = {c.mention.entry.admin1 for c in candidates if c.mention.entry.admin1 and not _far_end(text, c)}
        admin1 = admin.pop() if len(admin) == 1 else None
    return _place(best, base, admin1)


def foreign_countries(text: str, theatre: str | None) -> list[PlaceMention]:
    """Another country than the document's where a sentence sets something ("five civilians in Turkey were
    injured"): a place of country precision, no governorate's. "Turkey said" places nothing."""
    out = []
    for code, entry in _country_entries().items():
        if code != theatre and entry.name in text:
            out += [PlaceMention(m.start(1), m.end(1), entry) for m in _in_country(entry.name).finditer(text)]
    return out


def in_another_country(place: Place) -> bool:
    """Whether a place is a country :func:`foreign_countries` found ("in Turkey"), not the document's own."""
    return place.precision == "country" and any(e.name == place.name for e in _country_entries().values())


@functools.cache
def _in_country(name: str) -> re.Pattern[str]:
    # "in Turkey", "fled across the border into Turkey" (the fled are there; not "pushed back into Russia")
    return re.compile(rf"(?:\b(?:in|inside)|\b(?:fled|flee|fleeing|flowed|escaped)\b[^,;.]{{0,40}}?\binto)\s+"
                      rf"(?:neighbou?ring\s+)?({re.escape(name)})\b")


@functools.cache
def _country_entries() -> dict[str, GazetteerEntry]:
    """The countries with a point of their own (countries.yaml), as gazetteer entries."""
    return {code: GazetteerEntry(str(c["name"]), "country", None, code, c["lat"], c["lon"], "countries.yaml")
            for code, c in load_yaml("countries.yaml")["countries"].items() if "lat" in c}


def place_countries(mentions: Iterable[list[PlaceMention]]) -> Counter[str]:
    """How many of a document's places each country holds (``"SY"``, ``"IQ"``, …)."""
    return Counter(m.entry.country for group in mentions for m in group if m.entry.country)


PLACE_FIELDS = ("place", "location")
# An article's title ("Tiyas Military Airbase", "Battle of Raqqa (2017)"), not a headline ("SOHR: Casualties in east
# Aleppo") nor a text's first sentence taken for a title.
ARTICLE_TITLE = re.compile(r"[^:.;!?]{1,80}")


def infobox_place(fields: Iterable[InfoboxField], gazetteer: Gazetteer, theatre: str | None,
                  title: str | None = None) -> Place | None:
    """The one governorate an infobox's place names ("Al-Thawrah District, Raqqa Governorate, Syria"): where the
    article's incidents happen when a sentence names no place. None where it names none ("Eastern Syria", "Syrian
    Desert"), or several that the title does not choose between ("Southern Al-Hasakah Governorate, Eastern Deir
    ez-Zor Governorate" of the "Deir ez-Zor campaign" is Deir ez-Zor's). With no place field, the title's
    ("Tiyas Military Airbase", "Siege of Kobanî")."""
    named = [(fld.value, fld.offset) for fld in fields if fld.name.lower() in PLACE_FIELDS]
    titled = [(title, 0)] if title and ARTICLE_TITLE.fullmatch(title) else []
    for value, offset in named or titled:
        admin1s = {m.entry.admin1 for m in gazetteer.find(value) if m.entry.admin1}
        if len(admin1s) > 1 and named and titled:
            admin1s &= {m.entry.admin1 for m in gazetteer.find(titled[0][0])}
        if len(admin1s) == 1 and (admin1 := admin1s.pop()):
            return Place(name=value, admin1=admin1, precision="admin1", offset=offset)
    return None
