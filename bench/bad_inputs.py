"""The bad-file campaign: each bad input in one batch with a good report, through the real CLI.

For every case it runs ``warledger extract GOOD BAD --jsonl`` and ``warledger ingest`` of both
into a fresh ledger, each in its own process with a time limit, and checks what the robustness
promises say: no traceback, an exit code of 0 or 1, the good document printed and stored, and
the time and peak memory of the run. Not part of ``make test`` (it takes minutes); run it with
``.venv/bin/python bench/bad_inputs.py [--only NAME] [--timeout 60]``.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GOOD = "On 3 March 2021, an airstrike killed 5 civilians in Idlib, according to SOHR.\n"
PROSE = ("On 12 May 2019, IS fighters attacked an army post near Palmyra, killing 7 soldiers, SOHR said. "
         "The next day, 3 civilians were killed by a landmine near al-Sukhnah. ")
WIKI_HEAD = "'''Battle of X''' was fought in [[Syria]].\n\n== Background ==\n"


def _jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# name → (file name, content); content may be bytes or text
CASES: dict[str, tuple[str, str | bytes]] = {
    "empty": ("empty.txt", b""),
    "whitespace": ("ws.txt", b"  \n\t\n"),
    "bom only": ("bom.txt", codecs.BOM_UTF8),
    "png": ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
    "elf": ("prog.txt", b"\x7fELF\x02\x01\x01" + bytes(2000)),
    "gzip": ("a.txt", gzip.compress(PROSE.encode() * 50)),
    "pdf": ("doc.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 20),
    "one nul": ("nul.txt", GOOD.replace("killed", "kil\x00led")),
    "utf-16 bom": ("u16.txt", GOOD.encode("utf-16")),
    "utf-16-le no bom": ("u16le.txt", GOOD.encode("utf-16-le")),
    "utf-16-be no bom": ("u16be.txt", GOOD.encode("utf-16-be")),
    "utf-32 bom": ("u32.txt", GOOD.encode("utf-32")),
    "cp1252": ("cp.txt", "Clashes near Ma’adan killed 5 soldiers on 3 May 2021.".encode("cp1252")),
    "truncated utf-8": ("trunc.txt", (GOOD + "é").encode()[:-1]),
    "cr newlines": ("cr.txt", (PROSE + "\r") * 20),
    "lone surrogate text": ("sur.txt", "On 3 March 2021 \ud800 5 civilians were killed in Idlib.\n"),
    "one long line 4 MB": ("long.txt", PROSE * (4_000_000 // len(PROSE))),
    "prose 4.5 MB": ("prose.txt", (PROSE + "\n") * (4_500_000 // len(PROSE))),
    "over the size limit": ("big.txt", "x" * 6_000_000),
    "5000-digit number": ("digits.txt", "On 3 March 2021, " + "9" * 5000 + " civilians were killed in Idlib.\n"),
    "2^63 count": ("c63.txt", f"On 3 March 2021, {2**63} civilians were killed in Idlib.\n"),
    "2^31 count": ("c31.txt", f"On 3 March 2021, {2**31} civilians were killed in Idlib.\n"),
    "20-digit count": ("c20.txt", "On 3 March 2021, 99999999999999999999 civilians were killed in Idlib.\n"),
    "comma list of numbers": ("commas.txt", "In " + "1, " * 20000 + "2021 fighting killed 5.\n"),
    "impossible dates": ("dates.txt", "On 99/99/9999 and 30 February 2021 and 31/31/0000, 5 soldiers were killed.\n"),
    "year 99999": ("y.txt", "In 99999, 5 soldiers were killed in Homs.\n"),
    "jsonl deep nesting": ("deep.jsonl", '{"id":"d","text":' + "[" * 100_000 + "]" * 100_000 + "}\n"),
    "jsonl lone surrogate": ("sur.jsonl", '{"id":"s","text":"On 3 March 2021 \\ud800 5 civilians were killed."}\n'),
    "jsonl id true": ("idtrue.jsonl", _jsonl({"id": True, "text": GOOD})),
    "jsonl id null": ("idnull.jsonl", _jsonl({"id": None, "text": GOOD})),
    "jsonl id list": ("idlist.jsonl", _jsonl({"id": [1], "text": GOOD})),
    "jsonl id float": ("idfloat.jsonl", _jsonl({"id": 1.5, "text": GOOD})),
    "jsonl title number": ("title.jsonl", _jsonl({"id": "t", "title": 5, "text": GOOD})),
    "jsonl text number": ("textnum.jsonl", _jsonl({"id": "t", "text": 5})),
    "jsonl no text": ("notext.jsonl", _jsonl({"id": "t"})),
    "jsonl array line": ("arr.jsonl", _jsonl([1, 2], {"id": "ok", "text": GOOD})),
    "jsonl trailing garbage": ("garb.jsonl", _jsonl({"id": "a", "text": GOOD}) + '{"id": "b", "text": "x"} zz\n'),
    "jsonl duplicate ids": ("dup.jsonl", _jsonl({"id": "a", "text": GOOD}, {"id": "a", "text": PROSE})),
    "jsonl bad date": ("date.jsonl", _jsonl({"id": "a", "text": GOOD, "date": "yesterday"})),
    "jsonl date number": ("daten.jsonl", _jsonl({"id": "a", "text": GOOD, "date": 20210304})),
    "jsonl unknown format": ("fmt.jsonl", _jsonl({"id": "a", "text": GOOD, "format": "pdf"})),
    "jsonl nested batch": ("nest.jsonl", _jsonl({"id": "a", "format": "jsonl", "text": _jsonl({"text": GOOD})})),
    "jsonl crlf and bom": ("crlf.jsonl", codecs.BOM_UTF8 + _jsonl({"id": "a", "text": GOOD}).replace("\n", "\r\n")
                           .encode()),
    "jsonl nul id": ("nulid.jsonl", _jsonl({"id": "a\x00b", "text": GOOD})),
    "jsonl huge record": ("huge.jsonl", _jsonl({"id": "h", "text": PROSE * 60_000}, {"id": "ok", "text": GOOD})),
    "jsonl not utf-8": ("cp.jsonl", _jsonl({"id": "a", "text": "Ma’adan: 5 killed."}).encode("cp1252")),
    "wikitext unclosed comments": ("c.wiki", WIKI_HEAD + "<!--" * 100_000),
    "wikitext unclosed refs and divs": ("r.wiki", WIKI_HEAD + "<ref>" * 50_000 + "<div>" * 50_000),
    "wikitext unclosed tables": ("t.wiki", WIKI_HEAD + "{|\n" * 50_000),
    "wikitext unclosed templates": ("tp.wiki", WIKI_HEAD + "{{" * 50_000),
    "wikitext unclosed links": ("l.wiki", WIKI_HEAD + "[[" * 50_000),
    "wikitext nested templates": ("n.wiki", WIKI_HEAD + "{{a|" * 5000 + "x" + "}}" * 5000),
    "wikitext 100k pipes in infobox": ("p.wiki", "{{Infobox military conflict\n| casualties1 = " + "|" * 100_000
                                       + "\n}}\n" + WIKI_HEAD),
    "wikitext infobox never closed": ("o.wiki", "{{Infobox military conflict\n| combatant1 = A\n" + PROSE),
    "wikitext only markup": ("m.wiki", "{{}}[[]]<ref></ref>{|\n|}''''''" * 1000),
    "plaintext 20k commas in a field": ("f.txt", "= W =\n- Casualties2: " + "1," * 20_000 + "\n"),
    "plaintext 100k pipes in a field": ("g.txt", "= W =\n- Casualties1: " + "|" * 100_000 + "\n"),
    "plaintext malformed infobox": ("h.txt", "= W =\n- : \n-\n- Combatant1\n- Casualties1: killed\n" + PROSE),
    "plaintext huge infobox number": ("i.txt", "= W =\n- Casualties1: " + "9" * 5000 + " killed\n"),
    "plaintext title only": ("j.txt", "= W =\n"),
    "plaintext 10k headings": ("k.txt", "= W =\n" + "== H ==\n" * 10_000),
    "markdown front matter broken": ("a.md", "---\ntitle: [unclosed\n---\n" + GOOD),
    "markdown front matter huge": ("b.md", "---\n" + "k: v\n" * 100_000 + "---\n" + GOOD),
    "markdown front matter yaml bomb": ("c.md", "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                                        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                                        "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n" + GOOD),
    "many sentences of dates": ("s.txt", "On 3 May 2019, 2 were killed. " * 50_000),
    "nested parentheses": ("paren.txt", "(" * 50_000 + GOOD + ")" * 50_000),
    "control characters": ("ctl.txt", "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)) + GOOD * 100),
}


def _run(args: list[str], timeout: float) -> tuple[int | None, str, str, float, int]:
    """Exit code (None on timeout), stdout, stderr, seconds and the child's peak RSS in MB."""
    start = time.monotonic()
    try:  # GNU time prints the child's own peak RSS as the last line of stderr
        done = subprocess.run(["/usr/bin/time", "-f", "peak-kb %M", *args], capture_output=True, text=True,
                              timeout=timeout, errors="replace")
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        code, out, err = None, "", "timed out\npeak-kb 0"
    err, _, peak = err.rstrip("\n").rpartition("\n")
    kb = int(peak.split()[-1]) if peak.startswith("peak-kb") else 0
    return code, out, err, time.monotonic() - start, kb // 1024


def _check_extract(out: str, err: str, code: int | None) -> list[str]:
    problems = []
    if code not in (0, 1):
        problems.append(f"exit {code}")
    if "Traceback" in err:
        problems.append("traceback")
    first = out.splitlines()[0] if out else ""
    if '"id": "good"' not in first:
        problems.append("good document lost (extract)")
    return problems


def _case(name: str, timeout: float, cli: Callable[..., list[str]]) -> dict:
    file_name, content = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
        bad = folder / file_name
        if isinstance(content, bytes):
            bad.write_bytes(content)
        else:
            bad.write_text(content, encoding="utf-8", errors="surrogatepass")
        code, out, err, seconds, peak = _run(cli("extract", str(folder / "good.txt"), str(bad), "--jsonl"), timeout)
        problems = _check_extract(out, err, code)
        db = folder / "l.db"
        icode, iout, ierr, iseconds, _ = _run(cli("ingest", str(folder / "good.txt"), str(bad), "--db", str(db)),
                                              timeout)
        if icode not in (0, 1) or "Traceback" in ierr or not iout.startswith("documents: "):
            problems.append(f"ingest exit {icode}")
        shutil.rmtree(folder, ignore_errors=True)
    said = [line for line in (err + ierr).splitlines() if line.startswith("warledger: ")]
    return {"case": name, "ok": not problems, "problems": problems, "seconds": round(max(seconds, iseconds), 2),
            "peak_mb": peak, "said": said[:2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("warledger")

    def cli(*argv: str) -> list[str]:
        return [str(exe), *argv]

    names = [n for n in CASES if not args.only or args.only in n]
    results = []
    for name in names:
        result = _case(name, args.timeout, cli)
        results.append(result)
        mark = "ok " if result["ok"] else "BAD"
        said = "; ".join(result["problems"]) or (result["said"] or [""])[0][:110]
        print(f"{mark} {result['seconds']:6.2f} s  {name}: {said}")
    bad = [r for r in results if not r["ok"]]
    slowest = max(results, key=lambda r: r["seconds"])
    print(f"\n{len(results)} cases: {len(results) - len(bad)} held, {len(bad)} failed; "
          f"slowest {slowest['case']} ({slowest['seconds']} s); peak child RSS {max(r['peak_mb'] for r in results)} MB")


if __name__ == "__main__":
    main()
