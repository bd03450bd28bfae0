// warledger dashboard: everything is drawn from the JSON API. Text from documents is
// untrusted: it only ever enters the page through textContent, never as HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PARTY_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"];
const TYPE_COLOURS = {"Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e",
                      "Violence against civilians": "#9467bd", "Strategic developments": "#1f77b4"};
const state = {filters: {}, parties: []};

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return node;
}

async function api(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));
  const response = await fetch(`/api/${path}${query.toString() ? "?" + query : ""}`);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
  return data;
}

function count(c) {
  if (!c || (c.low == null && c.high == null)) return "?";
  if (c.high == null) return `${c.low}+`;
  if (c.low == null) return `≤${c.high}`;
  return c.low === c.high ? `${c.low}` : `${c.low}–${c.high}`;
}

function colour(party) {
  const i = state.parties.indexOf(party);
  return PARTY_COLOURS[(i < 0 ? state.parties.length : i) % PARTY_COLOURS.length];
}

function fillSelect(id, values) {
  const select = document.getElementById(id);
  for (const v of [...new Set(values)].filter(Boolean).sort()) select.append(el("option", {value: v}, v));
}

async function loadChoices() {
  const all = await api("events", {limit: 1000});
  const figures = all.items.flatMap(e => e.casualties);
  state.parties = [...new Set(figures.map(f => f.party).filter(Boolean))].sort();
  fillSelect("f-party", state.parties);
  fillSelect("f-type", all.items.map(e => e.type));
  fillSelect("f-admin1", all.items.map(e => e.place && e.place.admin1));
  fillSelect("f-source", figures.map(f => f.source));
}

function readFilters() {
  const form = new FormData(document.getElementById("filters"));
  state.filters = Object.fromEntries([...form.entries()].filter(([, v]) => v));
}

async function refresh() {
  readFilters();
  const page = await api("events", {...state.filters, limit: 1000});
  document.getElementById("count").textContent = `${page.total} events`;
  drawEvents(page.items);
  drawMap(page.items);
  await Promise.all([drawTimeline(page.items), drawTotals(page.items)]);
}

function killedByMonth(events) {
  const months = {};
  for (const e of events) {
    const month = e.date && e.date.start ? e.date.start.slice(0, 7) : null;
    if (!month) continue;
    for (const f of e.casualties) {
      if (f.status !== "killed" || f.subset_of != null) continue;
      const slot = ((months[month] ??= {})[f.party ?? "all sides"] ??= {low: 0, high: 0, open: false});
      slot.low += f.count.low ?? 0;
      if (f.count.high == null) slot.open = true; else slot.high += f.count.high;
    }
  }
  return months;
}

async function drawTimeline(events) {
  const box = document.getElementById("timeline");
  box.replaceChildren();
  const months = killedByMonth(events);
  const keys = Object.keys(months).sort();
  if (!keys.length) { box.append("No killed figures for these filters."); return; }
  const claims = await api("claims");
  const width = Math.max(600, keys.length * 18 + 60), height = 220, base = height - 30;
  const max = Math.max(1, ...keys.map(m => Object.values(months[m]).reduce((s, v) => s + Math.max(v.low, v.high), 0)));
  const y = v => base - (v / max) * (base - 10);
  const x = m => 40 + keys.indexOf(m) * 18;
  const svg = el("svg:svg", {width, height, role: "img", "aria-label": "killed per month"});
  for (const c of claims) {
    if (!c.period || !c.period.start || c.party == null) continue;
    const from = keys.findIndex(m => m >= c.period.start.slice(0, 7));
    const to = keys.findLastIndex(m => m <= (c.period.end || keys[keys.length - 1]).slice(0, 7));
    if (from < 0 || to < from) continue;
    svg.append(el("svg:rect", {class: "band", x: 40 + from * 18, y: 10, width: (to - from + 1) * 18, height: base - 10},
                  el("svg:title", {}, `${c.source || "unattributed"}: ${count(c.count)} ${c.party} ${c.status}`)));
  }
  for (const m of keys) {
    let stack = 0;
    for (const [party, v] of Object.entries(months[m])) {
      const bar = el("svg:rect", {class: "bar", x: x(m), y: y(stack + v.low), width: 14,
                                  height: Math.max(1, y(stack) - y(stack + v.low)), fill: colour(party),
                                  "data-month": m}, el("svg:title", {}, `${m} ${party}: ${v.low}${v.open ? "+" : "–" + v.high}`));
      bar.addEventListener("click", () => filterMonth(m));
      svg.append(bar);
      if (!v.open && v.high > v.low) {
        svg.append(el("svg:line", {x1: x(m) + 7, x2: x(m) + 7, y1: y(stack + v.low), y2: y(stack + v.high), stroke: "#333"}));
      }
      stack += v.low;
    }
    if (keys.indexOf(m) % 3 === 0) svg.append(el("svg:text", {x: x(m), y: height - 12}, m));
  }
  box.append(svg);
  const legend = document.getElementById("legend");
  legend.replaceChildren(...state.parties.map(p => el("span", {}, el("i", {style: `background:${colour(p)}`}), p)));
}

function filterMonth(month) {
  const [year, mm] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  document.getElementById("f-from").value = `${month}-01`;
  document.getElementById("f-to").value = `${month}-${String(last).padStart(2, "0")}`;
  refresh();
}

let basemap = null;
async function drawMap(events) {
  const box = document.getElementById("map");
  basemap ??= await (await fetch("/static/basemap.geojson")).json();
  const [w, h, lon0, lon1, lat0, lat1] = [520, 380, 34.5, 48.8, 29.0, 38.0];
  const px = ([lon, lat]) => [((lon - lon0) / (lon1 - lon0)) * w, h - ((lat - lat0) / (lat1 - lat0)) * h];
  const svg = el("svg:svg", {width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": "map"});
  for (const f of basemap.features) {
    const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const d = polygons.flatMap(p => p.map(ring => "M" + ring.map(pt => px(pt).map(v => v.toFixed(1)).join(",")).join("L") + "Z")).join("");
    svg.append(el("svg:path", {d, class: "country" + (f.properties.focus ? " focus" : "")}, el("svg:title", {}, f.properties.name)));
  }
  for (const e of events) {
    if (!e.place || e.place.lat == null || e.place.lon == null) continue;
    const killed = e.casualties.filter(f => f.status === "killed" && f.subset_of == null).reduce((s, f) => s + (f.count.low ?? 0), 0);
    const [cx, cy] = px([e.place.lon, e.place.lat]);
    const dot = el("svg:circle", {class: "marker", cx: cx.toFixed(1), cy: cy.toFixed(1), r: (3 + Math.sqrt(killed) * 1.5).toFixed(1),
                                  fill: TYPE_COLOURS[e.type] || "#777", "data-event": e.id},
                   el("svg:title", {}, `${e.date ? e.date.start : ""} ${e.place.name}: ${killed} killed`));
    dot.addEventListener("click", () => showMapDetail(e));
    svg.append(dot);
  }
  box.replaceChildren(svg);
}

function showMapDetail(e) {
  const box = document.getElementById("map-detail");
  const link = el("a", {href: "#detail-panel"}, "evidence");
  link.addEventListener("click", () => showEvent(e.id));
  box.replaceChildren(el("p", {}, `${e.date ? e.date.start : "?"} · ${e.place ? e.place.name : ""} · ${e.sub_type || ""} · `,
                         e.casualties.map(f => `${count(f.count)} ${f.party ?? "all sides"} ${f.status}`).join("; "), " · ", link));
}

async function drawTotals() {
  const column = document.getElementById("totals-by").value;
  const rows = await api("totals", {by: `year,${column}`});
  const years = [...new Set(rows.map(r => r.year))].sort();
  const parties = [...new Set(rows.map(r => r[column]))].sort();
  const table = el("table", {}, el("tr", {}, el("th", {}, "year"), ...parties.map(p => el("th", {}, p ?? "unattributed"))));
  for (const year of years) {
    const tr = el("tr", {}, el("td", {}, year ?? "?"));
    for (const p of parties) {
      const r = rows.find(x => x.year === year && x[column] === p);
      tr.append(el("td", {}, r ? `${r.low} / ${r.best} / ${r.high ?? "…"}` : ""));
    }
    table.append(tr);
  }
  document.getElementById("totals").replaceChildren(table);
}

async function drawAudit() {
  const data = await api("findings");
  const box = document.getElementById("audit");
  if (!data.findings.length) { box.replaceChildren("No findings."); return; }
  box.replaceChildren(...data.findings.map(f => el("div", {class: "finding"},
    el("strong", {}, `${f.kind} (Δ ${f.delta ?? "?"})`), el("p", {}, f.detail),
    ...f.claims.map(i => el("blockquote", {}, `${data.claims[i].document}: “${data.claims[i].quote || data.claims[i].text}”`)))));
}

function drawEvents(events) {
  const table = el("table", {}, el("tr", {}, ...["date", "place", "governorate", "type", "casualties", "sources"].map(h => el("th", {}, h))));
  for (const e of events) {
    const tr = el("tr", {class: "event-row", "data-event": e.id},
      el("td", {}, e.date ? e.date.start : ""), el("td", {}, e.place ? e.place.name : ""),
      el("td", {}, e.place ? e.place.admin1 || "" : ""), el("td", {}, e.sub_type || ""),
      el("td", {}, e.casualties.map(f => `${count(f.count)} ${f.party ?? "all sides"} ${f.status}${f.source ? " (" + f.source + ")" : ""}`).join("; ")),
      el("td", {}, (e.sources || []).join(", ")));
    tr.addEventListener("click", () => showEvent(e.id));
    table.append(tr);
  }
  document.getElementById("events").replaceChildren(table);
}

async function showEvent(id) {
  const event = await api(`events/${encodeURIComponent(id)}`);
  const doc = await api(`documents/${encodeURIComponent(event.document)}`);
  const start = Math.max(0, event.offset - 400), end = Math.min(doc.text.length, event.offset + event.text.length + 400);
  const marks = event.casualties.filter(f => f.quote_offset != null).map(f => [f.quote_offset, f.quote_offset + f.quote.length])
    .sort((a, b) => a[0] - b[0]);
  const text = el("div", {class: "doc-text"});
  let pos = start;
  const sentence = el("span", {class: "evidence"});
  const push = (s, e, node) => { if (e > s) node.append(doc.text.slice(s, e)); };
  push(start, event.offset, text);
  pos = event.offset;
  for (const [s, e] of marks) {
    if (s < pos || e > event.offset + event.text.length) continue;
    push(pos, s, sentence);
    sentence.append(el("mark", {}, doc.text.slice(s, e)));
    pos = e;
  }
  push(pos, event.offset + event.text.length, sentence);
  text.append(sentence);
  push(event.offset + event.text.length, end, text);
  const panel = document.getElementById("detail-panel");
  panel.hidden = false;
  document.getElementById("detail").replaceChildren(
    el("p", {}, el("strong", {}, event.id), ` · ${doc.title || doc.id} · ${event.section || ""}`), text);
  panel.scrollIntoView();
}

async function main() {
  document.getElementById("filters").addEventListener("change", refresh);
  document.getElementById("totals-by").addEventListener("change", drawTotals);
  document.getElementById("filters").addEventListener("reset", () => setTimeout(refresh, 0));
  await loadChoices();
  await Promise.all([refresh(), drawAudit()]);
  document.body.dataset.ready = "true";
}

main().catch(err => { document.getElementById("count").textContent = `error: ${err.message}`; });
