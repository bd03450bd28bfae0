// Small helpers shared by the dashboard's modules. Text from documents is untrusted: it only ever enters
// the page as text nodes (el's children, textContent), never as HTML.

const SVG = "http://www.w3.org/2000/svg";

export function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null && v !== false) node.setAttribute(k, v === true ? "" : v);
  for (const c of children.flat()) if (c != null) node.append(c instanceof Node ? c : String(c));
  return node;
}

export function queryString(params) {
  return new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null)).toString();
}

export async function api(path, params = {}, signal = undefined) {
  const query = queryString(params);
  const response = await fetch(`/api/${path}${query ? "?" + query : ""}`, {signal});
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
  return data;
}

const NUMBER = new Intl.NumberFormat("en");
export const number = n => (n == null ? "?" : NUMBER.format(n));

export function plural(n, one, many = `${one}s`) {
  return `${number(n)} ${n === 1 ? one : many}`;
}

// "120 (100–140)": the best estimate, then low–high; a high of null is unbounded.
export function estimate(r) {
  const high = r.high == null ? "?" : number(r.high);
  return r.low === r.high && r.low === r.best ? number(r.best) : `${number(r.best)} (${number(r.low)}–${high})`;
}

export function figureCount(c) {
  if (!c || (c.low == null && c.high == null)) return "?";
  if (c.high == null) return `${number(c.low)}+`;
  if (c.low == null) return `≤${number(c.high)}`;
  return c.low === c.high ? number(c.low) : `${number(c.low)}–${number(c.high)}`;
}

// A fixed colour per party name, so a party keeps its colour whatever else is on the chart. Parties not named
// here take one of EXTRA by a hash of their name.
const PARTY_COLOURS = {
  "IS": "#222222", "government": "#1f4e9c", "pro-government": "#6fa8dc", "Iran": "#17becf",
  "Russia": "#7b3294", "opposition": "#2ca02c", "SDF": "#e6ab02", "PKK": "#a65628", "Turkey": "#d62728",
  "US-led coalition": "#f781bf", "Israel": "#5e3c99", "Iraq": "#08519c", "Hezbollah": "#b8860b",
  "civilians": "#ff7f0e", "unknown": "#9e9e9e",
};
const EXTRA = ["#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#b15928", "#fb9a99", "#cab2d6", "#80b1d3"];
export const UNATTRIBUTED = "unattributed";

export function partyColour(party) {
  const name = party ?? UNATTRIBUTED;
  if (name === UNATTRIBUTED) return "#c7c7c7";
  if (PARTY_COLOURS[name]) return PARTY_COLOURS[name];
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return EXTRA[hash % EXTRA.length];
}

// Days of a month or year, for filters: "2019-05" → ["2019-05-01", "2019-05-31"].
export function monthRange(month) {
  const [year, mm] = month.split("-").map(Number);
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, "0")}`];
}

export function everyMonth(first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

// A download link for data made here (a CSV or GeoJSON of what is on screen).
export function downloadLink(name, type, text, label) {
  const url = URL.createObjectURL(new Blob([text], {type}));
  return el("a", {href: url, download: name, id: `dl-${name.replace(/\W/g, "-")}`}, label);
}

export function csv(rows, columns) {
  const cell = v => (v == null ? "" : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [columns.join(","), ...rows.map(r => columns.map(c => cell(r[c])).join(","))].join("\n") + "\n";
}
