"""Lexicons and gazetteers shipped with warledger (YAML/TSV, sources in headers).

>>> "killed" in load_yaml("casualty_terms.yaml")["statuses"]
True
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml


def data_text(name: str) -> str:
    """The text of a bundled data file."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def load_yaml(name: str) -> Any:
    """A bundled YAML data file, parsed once per process."""
    return yaml.load(data_text(name), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
