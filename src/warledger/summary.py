"""A readable terminal summary of one ledger document (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from warledger.model import Count, LedgerDocument, Side, Unit


def fmt_count(count: Count | None) -> str:
    """``{26, 30}`` → ``26–30``; ``{38, None}`` → ``38+``; unknown → ``?``."""
    if count is None or (count.low is None and count.high is None):
        return "?"
    if count.high is None:
        return f"{count.low:,}+"
    if count.low is None:
        return f"≤{count.high:,}"
    text = f"{count.low:,}" if count.low == count.high else f"{count.low:,}–{count.high:,}"
    return f"~{text}" if count.approximate else text


def _units(tree: Tree, units: list[Unit]) -> None:
    for unit in units:
        label = unit.name + (f" (until {unit.until})" if unit.until else "")
        _units(tree.add(label), unit.children)


def _side_table(side: Side) -> Table:
    table = Table(title=f"Side {side.index}: {', '.join(side.combatants) or '?'}", show_header=False,
                  title_justify="left", box=None, padding=(0, 1))
    if side.allies:
        table.add_row("allies", ", ".join(side.allies))
    commanders = [f"{c.name or '(unnamed)'}{' ' + c.status if c.status else ''}" for c in side.commanders]
    if commanders:
        table.add_row("commanders", ", ".join(commanders))
    if side.strength:
        table.add_row("strength", "; ".join(s.text for s in side.strength))
    for item in side.casualties:
        table.add_row("casualties", f"{fmt_count(item.count)} {item.status or ''} "
                      f"{'(' + item.label + ')' if item.label else ''}".strip())
    if side.casualties_total:
        table.add_row("total", f"{fmt_count(side.casualties_total.count)} {side.casualties_total.status or ''}")
    return table


def print_summary(ledger: LedgerDocument, console: Console) -> None:
    """Print the conflict record and the counts of events, claims, findings."""
    info = ledger.document
    console.rule(f"[bold]{info.title or info.id}[/] [dim]({info.format})")
    conflict = ledger.conflict
    if conflict is not None:
        date = f"{conflict.date.start} – {conflict.date.end}" if conflict.date else "?"
        console.print(f"[bold]{conflict.name}[/]  {date}  {conflict.place or ''}")
        if conflict.part_of:
            console.print(f"part of: {', '.join(conflict.part_of)}")
        for side in conflict.sides:
            console.print(_side_table(side))
            if side.units:
                tree = Tree("units")
                _units(tree, side.units)
                console.print(tree)
        for item in conflict.other_casualties:
            console.print(f"other casualties: {fmt_count(item.count)} {item.status or ''} ({item.label})")
        if conflict.total_casualties:
            console.print(f"total casualties: {fmt_count(conflict.total_casualties)}")
    console.print(f"\nevents: {len(ledger.events)}   claims: {len(ledger.claims)}   "
                  f"findings: {len(ledger.findings)}")
    _events_table(ledger, console)


def _events_table(ledger: LedgerDocument, console: Console, limit: int = 12) -> None:
    with_figures = [e for e in ledger.events if e.casualties]
    if not with_figures:
        return
    table = Table(title=f"events with casualty figures ({len(with_figures)}; first {min(limit, len(with_figures))})",
                  title_justify="left")
    for column in ("date", "place", "governorate", "type", "figures"):
        table.add_column(column)
    for event in with_figures[:limit]:
        figures = "; ".join(f"{fmt_count(f.count)} {f.party or 'all sides'} {f.status}"
                            + (f" ({f.source})" if f.source else "") for f in event.casualties)
        table.add_row(event.date.start if event.date else "?", event.place.name if event.place else "",
                      event.place.admin1 or "" if event.place else "", event.sub_type or "", figures)
    console.print(table)
