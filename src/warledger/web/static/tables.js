// The totals table (/api/totals by a row key and party) and the paged list of incidents or reports.

import {csv, el, estimate, figureCount, monthRange, number, plural, UNATTRIBUTED} from "./util.js";

const ROW_LABELS = {year: "year", month: "month", admin1: "governorate"};

// The filters that pick a totals row's incidents: a year or month is a date range, a governorate itself.
export function rowFilters(rowKey, value) {
  if (rowKey === "year") return {from: `${value}-01-01`, to: `${value}-12-31`};
  if (rowKey === "month") return {from: monthRange(value)[0], to: monthRange(value)[1]};
  return {admin1: value};
}

// Totals of totals: low, best and high add up; a high is unbounded when any part's is.
export function sum(rows) {
  return {low: rows.reduce((s, r) => s + r.low, 0), best: rows.reduce((s, r) => s + r.best, 0),
          high: rows.some(r => r.high == null) ? null : rows.reduce((s, r) => s + r.high, 0),
          estimates: rows.reduce((s, r) => s + r.estimates, 0)};
}

function cell(r, pick, where) {
  if (!r) return el("td", {class: "num"});
  const high = r.high == null ? "?" : number(r.high);
  const attrs = {"data-low": r.low, "data-best": r.best, "data-high": r.high ?? "", "data-where": where,
                 title: `low ${number(r.low)}, best ${number(r.best)}, high ${r.high == null ? "unbounded" : high}; ` +
                        `${plural(r.estimates, "incident estimate")}${pick ? " — show them" : ""}`};
  const content = [number(r.best), el("small", {}, `${number(r.low)}–${high}`)];
  if (!pick) return el("td", {class: "num"}, el("span", {class: "cell", ...attrs}, ...content));
  const button = el("button", {type: "button", class: "cell", ...attrs}, ...content);
  button.addEventListener("click", pick);
  return el("td", {class: "num"}, button);
}

// `rows` of /api/totals?by=<rowKey>,party. A cell opens its incidents: its row's and column's filters applied.
export function drawTotals({rows, rowKey, filters, onPick}) {
  const keys = [...new Set(rows.map(r => r[rowKey]))].sort((a, b) => String(a).localeCompare(String(b)));
  const parties = [...new Set(rows.map(r => r.party))].sort((a, b) => String(a).localeCompare(String(b)));
  // A cell links to its incidents when filters can pick exactly them: not for "none" rows or unattributed figures.
  const pick = (row, party) => (row === null || party === null ? null
    : () => onPick({...(row !== undefined ? rowFilters(rowKey, row) : {}), ...(party !== undefined ? {party} : {})}));
  const head = el("tr", {}, el("th", {}, ROW_LABELS[rowKey]), ...parties.map(p => el("th", {class: "num"},
                  p ?? UNATTRIBUTED)), el("th", {class: "num"}, "all"));
  const body = keys.map(k => {
    const mine = rows.filter(r => r[rowKey] === k);
    return el("tr", {}, el("th", {}, k ?? "none"),
              ...parties.map(p => cell(mine.find(r => r.party === p), pick(k ?? null, p ?? null), `${k ?? ""}|${p ?? ""}`)),
              cell(sum(mine), pick(k ?? null, undefined), `${k ?? ""}|*`));
  });
  const total = el("tr", {class: "total"}, el("td", {}, "total"),
                   ...parties.map(p => cell(sum(rows.filter(r => r.party === p)), pick(undefined, p ?? null),
                                           `*|${p ?? ""}`)),
                   cell(sum(rows), pick(undefined, undefined), "*|*"));
  document.getElementById("totals-title").textContent =
    `Totals: ${filters.status}, best (low–high), ${filters.policy} policy`;
  const box = document.getElementById("totals");
  box.replaceChildren(rows.length ? el("table", {}, el("thead", {}, head), el("tbody", {}, ...body, total))
                                  : el("p", {class: "note"}, "Nothing counted for these filters."));
  return {csv: csv(rows, [rowKey, "party", "low", "best", "high", "estimates"])};
}

function incidentRow(i, status) {
  const mine = i.estimates.filter(e => e.status === status);
  return [i.id, i.date ? i.date.start : "undated", i.place ? i.place.name : "",
          i.place ? i.place.admin1 ?? "" : "",
          mine.map(e => `${e.party ?? UNATTRIBUTED} ${estimate(e)}`).join("; ") || `no ${status}`,
          plural(i.events.length, "report")];
}

function reportRow(e, titles) {
  return [e.date ? e.date.start : "undated", e.place ? e.place.name : "", e.place ? e.place.admin1 ?? "" : "",
          e.sub_type || e.type || "",
          e.casualties.map(f => `${figureCount(f.count)} ${f.party ?? UNATTRIBUTED} ${f.status}` +
                                (f.source ? ` (${f.source})` : "")).join("; "),
          titles.get(e.document) || e.document];
}

const HEADS = {incidents: ["incident", "date", "place", "governorate", "estimate", "reports"],
               reports: ["date", "place", "governorate", "type", "figures", "document"]};

// One page of /api/incidents or /api/events; each row is focusable and opens its evidence (click or Enter).
export function drawList({tab, page, status, titles, onOpen, onPage}) {
  const rows = page.items.map(item => {
    const values = tab === "incidents" ? incidentRow(item, status) : reportRow(item, titles);
    const tr = el("tr", {class: "row", tabindex: 0, "data-id": item.id}, ...values.map(v => el("td", {}, v)));
    tr.addEventListener("click", () => onOpen(item.id));
    tr.addEventListener("keydown", e => { if (e.key === "Enter") onOpen(item.id); });
    return tr;
  });
  document.getElementById("list").replaceChildren(page.items.length
    ? el("table", {}, el("thead", {}, el("tr", {}, ...HEADS[tab].map(h => el("th", {}, h)))), el("tbody", {}, ...rows))
    : el("p", {class: "note"}, `No ${tab} for these filters.`));
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", b.dataset.tab === tab);
  const first = page.total ? page.offset + 1 : 0, last = page.offset + page.items.length;
  const prev = el("button", {type: "button", disabled: page.offset === 0}, "← previous");
  const next = el("button", {type: "button", disabled: last >= page.total}, "next →");
  prev.addEventListener("click", () => onPage(Math.max(0, page.offset - page.limit)));
  next.addEventListener("click", () => onPage(page.offset + page.limit));
  const what = tab === "incidents" ? "incident" : "report";
  document.getElementById("pager").replaceChildren(prev, `${number(first)}–${number(last)} of ${plural(page.total, what)}`,
                                                   next);
}
