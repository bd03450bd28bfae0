"""Build src/warledger/data/person_nouns.tsv from Open English WordNet (dev time only, never at run time).

The curated heads of data/actors.yaml name the people war reports count most ("soldiers", "civilians"); real
prose also kills a grocer, a rubber tapper, a reservist or an informer. This script lists every English common noun
whose first sense is a person, so a figure is read whatever the victim's trade. Read from a copy of the Open
English WordNet source kept outside the repository (``--oewn``, default /work/cache/oewn: the files
``noun.person.yaml`` and ``entries-*.yaml`` of its ``src/yaml`` folder)::

    github.com/globalwordnet/english-wordnet  commit d94538ad0df3d7a4c77837bde6af69d7a6592c32  (src/yaml/)

Kept: lower-case lemmas whose first noun sense is in the lexicographer file noun.person and which are never a
verb or an adjective ("guard", "guide", "veteran" and "local" name actions or qualities as often as people; the
curated lexicon decides those). Each noun's class comes from its first sense's hypernyms:

- ``armed``: a soldier, fighter, police officer, guard, spy, attacker or wrongdoer (the side comes from the
  sentence, as for "fighters");
- ``leader``: a leader, ruler, representative or advocate (their side is the sentence's too);
- ``kin``: a relative or a friend (a civilian whom a report may name after its toll: "her mother-in-law");
- ``person``: anyone else (a civilian, as the curated "man" and "worker" are).

The plurals are the English rule's and WordNet's other forms.

    .venv/bin/python scripts/build_person_nouns.py [--oewn DIR]
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Container, Iterator
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent.parent / "src" / "warledger" / "data" / "person_nouns.tsv"
COMMIT = "d94538ad0df3d7a4c77837bde6af69d7a6592c32"
PERSON_FILE = "%1:18:"  # a sense key's lexicographer file: noun.person

# Hypernyms whose hyponyms carry arms or break the law: their side is the sentence's to tell.
ARMED_ROOTS = {
    "87754171-n": "serviceman", "10641415-n": "soldier", "10788253-n": "warrior", "09958771-n": "combatant",
    "10722430-n": "terrorist", "10170076-n": "guerrilla", "10229738-n": "insurgent", "10329281-n": "mercenary",
    "84105775-n": "lawman", "80600405-n": "policeman", "10169591-n": "guard", "10169935-n": "guardsman",
    "09657157-n": "wrongdoer", "09840655-n": "attacker", "10661153-n": "spy", "10075655-n": "enemy",
    "10602198-n": "military personnel", "10612523-n": "shot", "10314614-n": "sharpshooter",
    "10546909-n": "revolutionist",
}
# Nouns that stand for anyone, not for a person counted: "someone was killed" is no figure of its own.
PRONOUN_LIKE = frozenset({"someone", "somebody", "anyone", "anybody", "everyone", "everybody", "nobody", "one",
                          "self", "no one", "whoever", "mortal", "soul", "being", "human"})
# Nouns whose person sense comes first in WordNet but which war prose mostly uses for something else: the
# extractor's own word for the killed and wounded ("casualties"), machines, ships, idioms ("at loggerheads", "no
# longer", "booby-trapped") and groups of states ("regional players", "armed actors").
NOT_PEOPLE = frozenset({"casualty", "user", "longer", "closer", "booby", "sleeper", "buster", "trailer", "carrier",
                        "digger", "excavator", "booster", "chased", "chosen", "god", "maker", "loader", "primate",
                        "siren", "server", "cutter", "tiger", "trawler", "loggerhead", "pol", "ma", "flier",
                        "cruiserweight", "angel", "genius", "elf", "tracker", "controller", "actor", "player",
                        "speaker", "dearest", "proxy"})
# Hypernyms of people who lead, rule or speak for others: their side is the sentence's too ("a Ba'ath political
# leader", "the group's spokesman").
LEADER_ROOTS = {"09646208-n": "leader", "10560786-n": "ruler", "10541628-n": "representative",
                "09794206-n": "advocate"}
# "a person related by blood or marriage" and "a person you know well": whom a report names after its toll
KIN_ROOTS = {"10255246-n": "relative", "10132360-n": "friend"}
LEMMA = re.compile(r"[a-z][a-z' -]*[a-z]")


def _plurals(noun: str, forms: list[str]) -> str:
    """The English rule's plural and WordNet's other forms ("commandos|commandoes"), joined by "|"."""
    rule = _plural(noun)
    return "|".join([rule] + [f for f in forms if f not in (noun, rule) and not f.endswith("'s")])


def _plural(noun: str) -> str:
    head = noun.rsplit(" ", 1)
    stem, last = (head[0] + " ", head[1]) if len(head) == 2 else ("", head[0])
    if last.endswith("man") and not last.endswith(("human", "shaman", "german", "talisman")):
        return stem + last[:-3] + "men"
    if re.search(r"[^aeiou]y$", last):
        return stem + last[:-1] + "ies"
    if last.endswith(("s", "x", "z", "ch", "sh")):
        return stem + last + "es"
    return stem + last + "s"


def _reaches(synsets: dict[str, dict], start: str, roots: Container[str]) -> bool:
    """Whether a person synset is one of ``roots`` or reaches one by its hypernyms."""
    seen, todo = set(), [start]
    while todo:
        sid = todo.pop()
        if sid in roots:
            return True
        if sid not in seen:
            seen.add(sid)
            todo += synsets.get(sid, {}).get("hypernym", [])
    return False


def person_nouns(oewn: Path) -> Iterator[tuple[str, str, str]]:
    """(noun, plurals, class) of every lemma kept, in alphabetical order."""
    synsets = yaml.load((oewn / "noun.person.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    entries: dict[str, dict] = {}
    for path in sorted(oewn.glob("entries-*.yaml")):
        entries.update(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    for lemma, by_pos in sorted(entries.items()):
        noun = by_pos.get("n")
        if not noun or not _kept(str(lemma), by_pos, entries):
            continue
        senses = noun.get("sense") or []
        if not senses or PERSON_FILE not in senses[0]["id"]:
            continue
        first = senses[0]["synset"]
        kind = "armed" if _reaches(synsets, first, ARMED_ROOTS) else \
            "leader" if _reaches(synsets, first, LEADER_ROOTS) else \
            "kin" if _reaches(synsets, first, KIN_ROOTS) else "person"
        yield str(lemma), _plurals(str(lemma), [str(f) for f in noun.get("form") or []]), kind


def _kept(lemma: str, by_pos: dict, entries: dict[str, dict]) -> bool:
    """A lower-case lemma that is never a verb or an adjective, nor a phrase opened by a word that is neither noun
    nor adjective ("has-been", "would-be", "also-ran": a text's "has been" and "would be" are no people)."""
    if set(by_pos) & {"v", "a", "s"} or not LEMMA.fullmatch(lemma) or lemma in PRONOUN_LIKE | NOT_PEOPLE:
        return False
    first = re.split(r"[ -]", lemma, maxsplit=1)[0]
    return first == lemma or bool(set(entries.get(first) or {}) & {"n", "a", "s"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oewn", type=Path, default=Path("/work/cache/oewn"), help="the OEWN src/yaml files")
    args = parser.parse_args()
    rows = list(person_nouns(args.oewn))
    header = [
        "# English common nouns whose first sense is a person, with their plurals (|) and class: armed (a soldier,",
        "# fighter, police officer, guard, spy, attacker or wrongdoer), leader (a leader, ruler, representative or",
        "# advocate), kin (a relative or friend) or person (anyone else). Read by extract/mentions/actors.py as",
        "# heads after the curated ones of actors.yaml, which win where both name a word.",
        "# Source: Open English WordNet (https://github.com/globalwordnet/english-wordnet,",
        f"# commit {COMMIT}), CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/),",
        "# derived from Princeton WordNet 3.0 under the WordNet License",
        "# (https://wordnet.princeton.edu/license-and-commercial-use). Attribution: Princeton WordNet and the Open",
        "# English Wordnet team. Generated by scripts/build_person_nouns.py; edit that script, not this file.",
        "noun\tplural\tclass",
    ]
    OUT.write_text("\n".join(header + ["\t".join(row) for row in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} nouns -> {OUT}")


if __name__ == "__main__":
    main()
