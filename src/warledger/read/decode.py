"""Bytes to text, refusing what is not text.

>>> decode(b"caf\\xc3\\xa9\\r\\n", "x.txt").text
'café\\n'
>>> decode(b"caf\\xe9", "x.txt").warnings
['x.txt: not valid UTF-8; decoded as cp1252']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warledger.inputs import DEFAULT_MAX_BYTES


class ReadError(Exception):
    """A document that cannot be read; the message is one line for the user."""


@dataclass
class Decoded:
    text: str
    warnings: list[str] = field(default_factory=list)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def decode(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode ``data`` as UTF-8 (else cp1252, with a warning); LF newlines.

    Raises :class:`ReadError` for empty, binary or oversized input.
    """
    if len(data) > max_bytes:
        raise ReadError(f"{name}: file is {len(data):,} bytes, over the limit of {max_bytes:,}; "
                        "raise it with --max-bytes")
    if not data.strip():
        raise ReadError(f"{name}: file is empty")
    if _looks_binary(data):
        raise ReadError(f"{name}: looks like a binary file, not text")
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append(f"{name}: not valid UTF-8; decoded as cp1252")
    # Universal newlines, as Python's text mode reads files: offsets then agree
    # with what any Python user gets from open(path).read().
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, warnings)
