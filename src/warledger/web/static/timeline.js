// The timeline: incidents' estimates per month and party (/api/timeline), stacked, every month from the
// first to the last shown (a month with nothing is a gap at zero), and below it the claims — totals told
// over a period — as thin lines in a lane of their own, so they never cover the bars.

import {el, estimate, everyMonth, number, partyColour, plural, UNATTRIBUTED} from "./util.js";

const MARGIN = {marginLeft: 56, marginRight: 16};
const CLAIM_ROWS = 24;  // the lane's height at most; claims that would need more rows are counted, not drawn

function monthDate(month) {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1));
}

// The months to draw: the filter's range if given, else from the first to the last month with an estimate.
export function monthsShown(rows, filters) {
  const months = rows.map(r => r.month).filter(Boolean).sort();
  const first = filters.from ? filters.from.slice(0, 7) : months[0];
  const last = filters.to ? filters.to.slice(0, 7) : months[months.length - 1];
  return first && last && first <= last ? everyMonth(first, last) : [];
}

// Plot writes its default styles in a <style> element, which the page's CSP refuses; app.css holds them.
function withoutStyle(svg) {
  for (const s of svg.querySelectorAll("style")) s.remove();
  return svg;
}

function columnTitle(month, rows) {
  const lines = rows.map(r => `${r.party ?? UNATTRIBUTED}: ${estimate(r)}`);
  return `${month}\n${lines.length ? lines.join("\n") : "nothing counted"}\n(click to show this month)`;
}

function bars(rows, months, status, width, onMonth) {
  const byMonth = Map.groupBy(rows, r => r.month);
  const tops = months.map(m => (byMonth.get(m) ?? []).reduce((s, r) => s + r.best, 0));
  const top = Math.max(1, ...tops);
  const parties = [...new Set(rows.map(r => r.party ?? UNATTRIBUTED))].sort();
  const columns = months.map(m => ({month: m, date: monthDate(m)}));
  const svg = Plot.plot({
    width, height: 240, ...MARGIN, className: "tl",
    x: {type: "utc", domain: [monthDate(months[0]), d3.utcMonth.offset(monthDate(months[months.length - 1]), 1)],
        label: null},
    y: {domain: [0, top], grid: true, nice: true, label: `${status} per month (best)`},
    color: {domain: parties, range: parties.map(partyColour)},
    marks: [
      Plot.rectY(rows, {x: r => monthDate(r.month), interval: "month", y: "best", fill: r => r.party ?? UNATTRIBUTED,
                        insetLeft: 0.5, insetRight: 0.5, className: "bar"}),
      Plot.ruleY([0]),
      Plot.rectY(columns, {x: "date", interval: "month", y1: 0, y2: top, fill: "currentColor", fillOpacity: 0,
                           className: "month-hit", title: c => columnTitle(c.month, byMonth.get(c.month) ?? [])}),
    ],
  });
  svg.querySelectorAll(".month-hit rect").forEach((rect, i) => {
    rect.dataset.month = columns[i].month;
    rect.addEventListener("click", () => onMonth(columns[i].month));
  });
  return withoutStyle(svg);
}

// Claims packed into rows so that none overlaps another in its row.
function packClaims(claims) {
  const ends = [];
  return claims.map(c => {
    let row = ends.findIndex(end => end < c.start);
    if (row < 0) row = ends.push(c.end) - 1; else ends[row] = c.end;
    return {...c, row};
  });
}

function claimLane(claims, months, width) {
  const first = monthDate(months[0]), after = d3.utcMonth.offset(monthDate(months[months.length - 1]), 1);
  const packed = packClaims(claims.map(c => ({...c, start: c.period.start.slice(0, 7),
                                               end: (c.period.end || months[months.length - 1]).slice(0, 7)}))
                                  .sort((a, b) => a.start.localeCompare(b.start)));
  const drawn = packed.filter(c => c.row < CLAIM_ROWS);
  const rows = Math.max(1, ...drawn.map(c => c.row + 1));
  const svg = Plot.plot({
    width, height: 12 + rows * 5, ...MARGIN, marginTop: 4, marginBottom: 4, className: "tl",
    x: {type: "utc", domain: [first, after], axis: null, clamp: true},
    y: {domain: d3.range(rows), axis: null},
    marks: [
      Plot.barX(drawn, {x1: c => monthDate(c.start), x2: c => d3.utcMonth.offset(monthDate(c.end), 1), y: "row",
                        fill: c => partyColour(c.party), insetTop: 1, insetBottom: 1, className: "claim",
                         title: c => `claim: ${c.source || "unattributed"} — ${number(c.count.low)}` +
                                     `${c.count.high !== c.count.low ? "–" + number(c.count.high) : ""} ` +
                                     `${c.party ?? ""} ${c.status}, ${c.period.start}..${c.period.end || "…"}`}),
      Plot.text(["claims"], {text: d => d, frameAnchor: "left", dx: -52, textAnchor: "start", fill: "#666"}),
    ],
  });
  svg.dataset.hidden = packed.length - drawn.length;
  return withoutStyle(svg);
}

function legend(rows) {
  const parties = [...new Set(rows.map(r => r.party ?? UNATTRIBUTED))].sort();
  return parties.map(p => el("span", {}, el("i", {style: `background:${partyColour(p)}`}), p));
}

// Draw (replacing whatever was there) the chart for `rows` of /api/timeline and the claims matching the filters.
export function drawTimeline({rows, claims, filters, onMonth}) {
  const box = document.getElementById("timeline");
  const lane = document.getElementById("claims-lane");
  const dated = rows.filter(r => r.month);
  const months = monthsShown(dated, filters);
  box.dataset.months = months.length;
  box.dataset.first = months[0] ?? "";
  box.dataset.last = months[months.length - 1] ?? "";
  document.getElementById("timeline-title").textContent =
    `Timeline: ${filters.status} per month, incidents' best estimates (${filters.policy} policy)`;
  if (!months.length) {
    box.replaceChildren(el("p", {class: "note"}, `No ${filters.status} counted for these filters.`));
    lane.replaceChildren();
    document.getElementById("legend").replaceChildren();
    return;
  }
  const width = Math.max(320, box.clientWidth);
  box.replaceChildren(bars(dated, months, filters.status, width, onMonth));
  const undated = rows.filter(r => !r.month).reduce((s, r) => s + r.best, 0);
  lane.replaceChildren(claims.length ? claimLane(claims, months, width) : el("p", {class: "note"}, "No claim matches."));
  const hidden = Number(lane.firstElementChild?.dataset.hidden || 0);
  document.getElementById("legend").replaceChildren(...legend(dated),
    el("span", {class: "note"}, `Lines under the bars: ${plural(claims.length, "claimed total")} over their periods` +
                                (hidden ? ` (${number(hidden)} more overlap and are not drawn; /api/claims lists them all)` : "") + "."),
    undated ? el("span", {class: "note"}, `${number(undated)} ${filters.status} in undated incidents are not drawn.`) : "");
}
