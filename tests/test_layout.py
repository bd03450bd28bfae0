"""The extractor's layout stays readable: short modules, short decisions, vocabulary in data.

These are the measures issue 9 set when the extractor was restructured; a change that breaks one should
split a module, turn a branch into a named pass, or move a word list to ``data/``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from radon.complexity import cc_visit

EXTRACT = Path(__file__).parents[1] / "src" / "warledger" / "extract"
MODULES = sorted(EXTRACT.rglob("*.py"))
WORD = re.compile(r"[A-Za-z][A-Za-z' -]*")
# Codes, not vocabulary: the attribute names a stage may read before any stage runs.
CODE_NAMES = {"GIVEN_PER_SENTENCE"}


def test_no_extract_module_is_over_400_lines():
    long = {str(p.relative_to(EXTRACT)): n for p in MODULES if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


def test_no_extract_function_is_over_complexity_20():
    complex_ = [f"{p.relative_to(EXTRACT)}:{block.name} ({block.complexity})" for p in MODULES
                for block in cc_visit(p.read_text()) if block.complexity > 20]
    assert complex_ == []


def _codes(tree: ast.AST) -> set[int]:
    """The ids of the nodes that hold codes: the values of ``Literal[...]`` types and the named code sets."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "Literal":
            out |= {id(n) for n in ast.walk(node.slice)}
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) in CODE_NAMES for t in node.targets):
            out |= {id(n) for n in ast.walk(node.value)}
    return out


def _word_lists(path: Path) -> list[tuple[int, list[str]]]:
    """Literal collections of more than five words, and regex alternations of more than five literal words."""
    tree = ast.parse(path.read_text())
    codes, found = _codes(tree), []
    for node in ast.walk(tree):
        if id(node) in codes:
            continue
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                     and WORD.fullmatch(e.value)]
            if len(words) > 5 and len(words) == len(node.elts):
                found.append((node.lineno, words))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for group in re.findall(r"\(\?:([a-z|']+)\)", node.value):
                words = [w for w in group.split("|") if w]
                if len(words) > 5:
                    found.append((node.lineno, words))
    return found


def test_no_word_list_of_more_than_five_words_is_left_in_extract_code():
    left = [f"{path.relative_to(EXTRACT)}:{line} {words[:6]}" for path in MODULES for line, words in _word_lists(path)]
    assert left == []


def test_the_layout_check_finds_a_word_list(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('FILLERS = {"other", "more", "additional", "regular", "local", "young"}\n'
                      'VERB = r"\\b(?:said|told|stated|added|announced|explained)\\b"\n')
    assert [line for line, _ in _word_lists(sample)] == [1, 2]
