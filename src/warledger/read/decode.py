"""Bytes to text, refusing what is not text.

UTF-8 first; UTF-16 and UTF-32 by their byte-order mark, UTF-16 without one by
its pattern of zero bytes; else cp1252, with a warning. A NUL character or a
lone surrogate is no text: each is dropped or replaced, with a warning, so that
every store and encoder can take what comes out; a C1 control character is cp1252
punctuation decoded as Latin-1 on its way, and is read as such.

>>> decode(b"caf\\xc3\\xa9\\r\\n", "x.txt").text
'café\\n'
>>> decode(b"caf\\xe9", "x.txt").warnings
['x.txt: not valid UTF-8; decoded as cp1252']
>>> decode("Homs".encode("utf-16"), "x.txt").text
'Homs'
>>> clean_text("a\\x00b\\ud800", "x")
('ab\\ufffd', ['x: 1 NUL character removed', 'x: 1 lone surrogate replaced by U+FFFD'])
>>> clean_text("January\\x92s", "x")
('January’s', ['x: 1 C1 control character read as cp1252'])
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from warledger.inputs import DEFAULT_MAX_BYTES


class ReadError(Exception):
    """A document that cannot be read; the message is one line for the user."""


@dataclass
class Decoded:
    text: str
    warnings: list[str] = field(default_factory=list)


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SAMPLE = 8192


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text of Latin letters has a zero byte in every other place: which one tells the byte order."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    """Many control bytes (NULs among them) in the first 8 KB: an image, an archive, a program.
    One stray NUL in a text is no reason to refuse it."""
    sample = data[:SAMPLE]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(len(sample) * 0.05, 1) or sample.count(0) > max(len(sample) * 0.01, 2)


def _encoding(data: bytes) -> str | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return _utf16_without_bom(data[:SAMPLE])


def _utf8_or_cp1252(data: bytes, name: str) -> tuple[str, list[str]]:
    """UTF-8; a UTF-8 text with a few broken bytes (a cut, a stray byte) keeps its other letters,
    while a text whose non-ASCII bytes are mostly no UTF-8 is cp1252 (older Windows files)."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    letters = sum(1 for ch in text if ord(ch) > 127) - broken
    if letters >= broken:
        return text, [f"{name}: {broken:,} bytes that are not UTF-8 replaced by U+FFFD"]
    return data.decode("cp1252", errors="replace"), [f"{name}: not valid UTF-8; decoded as cp1252"]


def clean_text(text: str, name: str) -> tuple[str, list[str]]:
    """``text`` without NUL characters and with lone surrogates replaced; a warning for each kind."""
    warnings = []
    if "\x00" in text:
        warnings.append(f"{name}: {text.count(chr(0)):,} NUL character{'s' if text.count(chr(0)) > 1 else ''} "
                        "removed")
        text = text.replace("\x00", "")
    text, replaced = LONE_SURROGATE.subn("\ufffd", text)
    if replaced:
        warnings.append(f"{name}: {replaced:,} lone surrogate{'s' if replaced > 1 else ''} replaced by U+FFFD")
    text, repaired = C1_CONTROL.subn(_cp1252_char, text)
    if repaired:
        warnings.append(f"{name}: {repaired:,} C1 control character{'s' if repaired > 1 else ''} read as cp1252")
    return text, warnings


# Characters U+0080–U+009F are controls no writer types: they are cp1252 punctuation that was decoded as Latin-1 on
# its way ("January\x92s" is "January’s"). Each stays one character, so offsets keep. U+0085 is left alone: it is
# also Unicode's own line separator (NEL), which JSON text may hold.
C1_CONTROL = re.compile("[\x80-\x84\x86-\x9f]")


def _cp1252_char(m: re.Match[str]) -> str:
    return bytes([ord(m.group(0))]).decode("cp1252", errors="replace")


def decode(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode ``data`` as UTF-8, UTF-16/32 or cp1252 (with a warning); LF newlines.

    Raises :class:`ReadError` for empty, binary or oversized input.
    """
    if len(data) > max_bytes:
        raise ReadError(f"{name}: file is {len(data):,} bytes, over the limit of {max_bytes:,}; "
                        "raise it with --max-bytes")
    encoding = _encoding(data)
    warnings: list[str] = []
    if encoding is not None:
        text = data.decode(encoding, errors="replace")
        if _looks_binary(text[:SAMPLE].encode("utf-8", "replace")):
            raise ReadError(f"{name}: looks like a binary file, not text")
    elif _looks_binary(data):
        raise ReadError(f"{name}: looks like a binary file, not text")
    else:
        text, warning = _utf8_or_cp1252(data, name)
        warnings += warning
    if not text.strip():
        raise ReadError(f"{name}: file is empty")
    text, cleaned = clean_text(text, name)
    # Universal newlines, as Python's text mode reads files: offsets then agree
    # with what any Python user gets from open(path).read().
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), warnings + cleaned)
