"""What the readers accept: the input formats and the size limit.

Kept apart from :mod:`warledger.read` so the command line can show them in
``--help`` without loading every reader.
"""

FORMATS = ("wiki-plaintext", "wikitext", "text", "jsonl")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # one document larger than this is refused (``--max-bytes`` changes it)
