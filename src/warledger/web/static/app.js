// warledger dashboard. Every panel counts incidents — reports of one incident merged — under the chosen
// policy, from the API's aggregates over the whole ledger (/api/timeline, /api/map, /api/totals), so a
// figure shown here is the one `warledger totals` gives for the same filters. The view (filters, totals
// rows, list tab and page, the open incident or report) lives in the URL.

import {drawAudit, showDetail} from "./evidence.js";
import {drawMap, initMap} from "./map.js";
import {drawList, drawTotals, sum} from "./tables.js";
import {drawTimeline} from "./timeline.js";
import {api, csv, downloadLink, el, monthRange, number, plural, queryString} from "./util.js";

const FILTERS = ["party", "status", "policy", "admin1", "from", "to", "source", "type"];
const DEFAULTS = {status: "killed", policy: "conservative", rows: "year", tab: "incidents", offset: 0};
const PAGE = 50;

const view = {filters: {}, rows: DEFAULTS.rows, tab: DEFAULTS.tab, offset: 0, open: null, q: ""};
const ledger = {claims: [], findings: [], titles: new Map()};
let latest = 0;          // the refresh whose answers may be drawn; an older one's are discarded
let inFlight = null;     // its AbortController
let redrawTimeline = () => {};  // the last timeline drawn, again at the window's new width

// --- the view in the URL --------------------------------------------------------------------------------

function readURL() {
  const q = new URLSearchParams(location.search);
  view.filters = Object.fromEntries(FILTERS.map(k => [k, q.get(k) ?? DEFAULTS[k] ?? ""]).filter(([, v]) => v));
  view.rows = q.get("rows") || DEFAULTS.rows;
  view.tab = q.get("tab") === "reports" ? "reports" : "incidents";
  view.offset = Math.max(0, Number(q.get("offset")) || 0);
  view.open = q.get("open");
  view.q = q.get("q") || "";
}

function writeURL() {
  const state = {...view.filters, rows: view.rows, tab: view.tab, offset: view.offset, open: view.open, q: view.q};
  const shown = Object.fromEntries(Object.entries(state).filter(([k, v]) => v != null && v !== "" &&
                                                                            String(v) !== String(DEFAULTS[k] ?? "")));
  const query = queryString(shown);
  if (query !== location.search.slice(1)) history.pushState(null, "", query ? `?${query}` : location.pathname);
}

// --- filters --------------------------------------------------------------------------------------------

function fillSelect(id, values, keep) {
  const select = document.getElementById(id);
  const options = values.map(v => el("option", {value: v.value}, `${v.value} (${number(v.count)})`));
  select.replaceChildren(...(keep ? [el("option", {value: ""}, "all")] : []), ...options);
}

async function loadChoices() {
  const [facets, claims, audit, documents] = await Promise.all(
    [api("facets"), api("claims"), api("findings"), api("documents")]);
  fillSelect("f-party", facets.party, true);
  fillSelect("f-status", facets.status.length ? facets.status : [{value: "killed", count: 0}], false);
  fillSelect("f-admin1", facets.admin1, true);
  fillSelect("f-source", facets.source, true);
  fillSelect("f-type", facets.type, true);
  ledger.claims = claims;
  ledger.findings = audit.findings;
  ledger.titles = new Map(documents.map(d => [d.id, d.title]));
}

function showFilters() {
  for (const k of FILTERS) document.querySelector(`#filters [name=${k}]`).value = view.filters[k] ?? DEFAULTS[k] ?? "";
  document.getElementById("totals-rows").value = view.rows;
  document.getElementById("q").value = view.q;
  const note = document.getElementById("filter-note");  // a text search narrows the reports list only
  note.hidden = !view.q;
  note.textContent = view.q ? `"${view.q}" narrows the reports list only; the panels count every incident.` : "";
}

function readFilters() {
  const form = new FormData(document.getElementById("filters"));
  view.filters = Object.fromEntries([...form.entries()].filter(([, v]) => v));
}

// Change the view (filters merged in, page back to the first) and redraw.
function change(update = {}, {filters = {}} = {}) {
  Object.assign(view.filters, filters);
  for (const k of Object.keys(view.filters)) if (!view.filters[k]) delete view.filters[k];
  Object.assign(view, {offset: 0, ...update});
  writeURL();
  showFilters();
  return refresh();
}

// --- drawing --------------------------------------------------------------------------------------------

function listRequest(signal) {
  const params = {...view.filters, limit: PAGE, offset: view.offset};
  return view.tab === "incidents" ? api("incidents", params, signal)
    : api("events", {...params, sort: "date", q: view.q}, signal);
}

function matchingClaims() {
  const f = view.filters;
  return ledger.claims.filter(c => c.period?.start && c.status === f.status && (!f.party || c.party === f.party) &&
    (!f.source || c.source === f.source) && (!f.from || (c.period.end || c.period.start) >= f.from) &&
    (!f.to || c.period.start <= f.to));
}

function drawCount(incidents, reports, total) {
  const f = view.filters;
  document.getElementById("count").textContent = `${plural(incidents, "incident")} from ${plural(reports, "report")}` +
    ` · ${number(total.best)} ${f.status} (best; ${number(total.low)}–${total.high == null ? "?" : number(total.high)})`;
}

function drawDownloads(totalsCsv, timeline, points) {
  const box = document.getElementById("downloads");
  for (const a of box.querySelectorAll("a[href^='blob:']")) URL.revokeObjectURL(a.href);
  const q = queryString({...view.filters, limit: 1000});
  const geojson = {type: "FeatureCollection", features: points.map(p => ({type: "Feature",
    geometry: {type: "Point", coordinates: [p.lon, p.lat]}, properties: {...p, status: view.filters.status}}))};
  box.replaceChildren("Download these figures: ", downloadLink("totals.csv", "text/csv", totalsCsv, "totals (CSV)"),
    " · ", downloadLink("timeline.csv", "text/csv", csv(timeline, ["month", "party", "low", "best", "high",
                                                                    "estimates"]), "timeline (CSV)"),
    " · ", downloadLink("places.geojson", "application/geo+json", JSON.stringify(geojson), "places (GeoJSON)"),
    " · ", el("a", {href: `/api/incidents?${q}`}, "incidents (JSON)"), " · ",
    el("a", {href: `/api/events?${q}`}, "reports (JSON)"), ". Whole ledger: warledger export.");
}

function draw({timeline, points, totals, page, incidents, reports}) {
  const onMonth = month => change({}, {filters: {from: monthRange(month)[0], to: monthRange(month)[1]}});
  const onGovernorate = admin1 => change({}, {filters: {admin1}});
  const total = sum(totals);
  drawCount(incidents, reports, total);
  const chart = {rows: timeline, claims: matchingClaims(), filters: {...view.filters}, onMonth};
  redrawTimeline = () => drawTimeline(chart);
  redrawTimeline();
  const mapped = points.reduce((s, p) => s + p.best, 0);
  drawMap({points, filters: view.filters, onGovernorate, unmapped: total.best - mapped});
  const table = drawTotals({rows: totals, rowKey: view.rows, filters: view.filters,
                            onPick: filters => change({tab: "incidents"}, {filters})
                              .then(() => document.getElementById("list-panel").scrollIntoView())});
  drawDownloads(table.csv, timeline, points);
  drawList({tab: view.tab, page, status: view.filters.status, titles: ledger.titles, onOpen: open,
            onPage: offset => change({offset})});
  document.getElementById("list-note").textContent = view.tab === "incidents"
    ? "Incidents: reports of one event merged; the totals count these."
    : `Reports: each document's own events; ${plural(page.total, "report")}${view.q ? ` hold "${view.q}"` : ""}.`;
  drawAudit({findings: ledger.findings, claims: ledger.claims, filters: view.filters, titles: ledger.titles,
             onClaim: claim => showDetail({claim, onOpen: open}), onOpen: open});
}

// Ask for everything the filters show, at once; draw only if no later refresh has begun meanwhile.
async function refresh() {
  const ticket = ++latest;
  inFlight?.abort();
  inFlight = new AbortController();
  const signal = inFlight.signal;
  document.body.dataset.busy = "true";
  const f = view.filters;
  try {
    const [timeline, points, totals, page, incidents, reports] = await Promise.all([
      api("timeline", f, signal), api("map", f, signal), api("totals", {...f, by: `${view.rows},party`}, signal),
      listRequest(signal),
      // The header's counts: incidents and reports of any status (/api/incidents has no status filter).
      api("incidents", {...f, limit: 1}, signal), api("events", {...f, status: "", limit: 1}, signal)]);
    if (ticket !== latest) return;
    draw({timeline, points, totals, page, incidents: incidents.total, reports: reports.total});
    document.body.dataset.shown = queryString(Object.fromEntries(FILTERS.map(k => [k, f[k]])));
    document.body.dataset.busy = "false";
  } catch (err) {
    if (err.name === "AbortError" || ticket !== latest) return;
    document.getElementById("count").textContent = `error: ${err.message}`;
    document.body.dataset.busy = "false";
  }
}

async function open(id) {
  view.open = id;
  writeURL();
  await showDetail({id, policy: view.filters.policy, onOpen: open});
}

// --- start ----------------------------------------------------------------------------------------------

function listen() {
  document.getElementById("filters").addEventListener("change", () => { readFilters(); change(); });
  document.getElementById("f-reset").addEventListener("click", () => { view.filters = {status: DEFAULTS.status, policy: DEFAULTS.policy}; change(); });
  document.getElementById("totals-rows").addEventListener("change", e => change({rows: e.target.value}));
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => change({tab: b.dataset.tab}));
  document.getElementById("search").addEventListener("submit", e => {
    e.preventDefault();
    change({tab: "reports", q: document.getElementById("q").value.trim()});
  });
  document.getElementById("detail-close").addEventListener("click", () => {
    document.getElementById("detail-panel").hidden = true;
    view.open = null;
    writeURL();
  });
  window.addEventListener("popstate", () => { readURL(); showFilters(); refresh(); openFromURL(); });
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => redrawTimeline());
  });
}

function openFromURL() {
  if (view.open) showDetail({id: view.open, policy: view.filters.policy, onOpen: open}).catch(() => {});
  else document.getElementById("detail-panel").hidden = true;
}

async function main() {
  if (matchMedia("(max-width: 800px)").matches) document.getElementById("filters-box").open = false;
  readURL();
  listen();
  await Promise.all([loadChoices(), initMap(admin1 => change({}, {filters: {admin1}}))]);
  showFilters();
  await refresh();
  openFromURL();
  document.body.dataset.ready = "true";
}

main().catch(err => { document.getElementById("count").textContent = `error: ${err.message}`; });
