// From a number to its evidence: the audit's findings with the claims they compare (document title and
// sentence), an incident with its estimates, its reports and what was merged into it, a report's sentence
// in its document with the figures marked.

import {api, el, estimate, figureCount, number, plural, UNATTRIBUTED} from "./util.js";

const CONTEXT = 400;  // characters of the document shown either side of a sentence

// The claim's sentence with its quoted figure marked.
function claimSentence(claim) {
  const at = claim.quote && claim.quote_offset != null ? claim.quote_offset - claim.offset : -1;
  if (at < 0 || claim.text.slice(at, at + claim.quote.length) !== claim.quote) return [claim.text];
  return [claim.text.slice(0, at), el("mark", {}, claim.quote), claim.text.slice(at + claim.quote.length)];
}

// Whether a finding is about what the filters pick: its first claim's people, status, source and period.
export function findingMatches(finding, claims, filters) {
  const c = claims[finding.claims[0]];
  if (!c || c.status !== filters.status) return false;
  if (filters.party && c.party !== filters.party) return false;
  if (filters.source && !finding.claims.some(i => claims[i].source === filters.source)) return false;
  const start = c.period?.start, end = c.period?.end || start;
  if (filters.from && end && end < filters.from) return false;
  return !(filters.to && start && start > filters.to);
}

function quote(claim, titles, onClaim) {
  const open = el("button", {type: "button", class: "link"}, "in its document");
  open.addEventListener("click", () => onClaim(claim));
  return el("blockquote", {}, el("cite", {}, `${titles.get(claim.document) || claim.document} — `,
                                     claim.source || "unattributed", " · ", open), "“", ...claimSentence(claim), "”");
}

function summedIncidents(finding, doc, onOpen) {
  if (!finding.events?.length) return "";
  return el("p", {}, `Incidents it summed (${plural(finding.events.length, "report")} of this document): `,
            ...finding.events.flatMap((id, i) => {
              const b = el("button", {type: "button", class: "link"}, id);
              b.addEventListener("click", () => onOpen(`${doc}:${id}`));
              return i ? [", ", b] : [b];
            }));
}

export function drawAudit({findings, claims, filters, titles, onClaim, onOpen}) {
  const shown = findings.filter(f => findingMatches(f, claims, filters));
  const box = document.getElementById("audit");
  document.getElementById("audit-title").textContent =
    `Audit: ${plural(shown.length, "finding")} about ${filters.status}` +
    (shown.length !== findings.length ? ` (of ${number(findings.length)})` : "");
  box.replaceChildren(...(shown.length ? shown.map(f => el("div", {class: "finding"},
    el("span", {class: "kind"}, f.kind), " ", el("strong", {}, f.delta != null ? `off by ${number(f.delta)}` : ""),
    el("p", {}, f.detail),
    ...f.claims.map(i => quote({...claims[i], index: i}, titles, onClaim)),
    f.kind === "incidents-exceed-claim" ? summedIncidents(f, claims[f.claims[0]].document, onOpen) : ""))
    : [el("p", {class: "note"}, "No finding for these filters.")]));
}

// The document's text around [start, end), that span highlighted and `marks` (absolute [from, to]) marked in it.
function excerpt(text, start, end, marks) {
  const box = el("div", {class: "doc-text"});
  const span = el("span", {class: "evidence"});
  let at = start;
  for (const [s, e] of marks.sort((a, b) => a[0] - b[0])) {
    if (s < at || e > end) continue;
    span.append(text.slice(at, s), el("mark", {}, text.slice(s, e)));
    at = e;
  }
  span.append(text.slice(at, end));
  box.append(text.slice(Math.max(0, start - CONTEXT), start), span, text.slice(end, end + CONTEXT));
  return box;
}

// Text quoted from Wikipedia keeps its attribution: the article (the revision read) and its licence.
function attribution(doc) {
  return doc.licence ? el("p", {class: "note attribution"}, "Quoted from ",
                          el("a", {href: doc.source_url, rel: "noopener"}, doc.title || doc.id), `, ${doc.licence}.`)
    : "";
}

async function eventView(id) {
  const event = await api(`events/${encodeURIComponent(id)}`);
  const doc = await api(`documents/${encodeURIComponent(event.document)}`);
  const marks = event.casualties.filter(f => f.quote_offset != null)
    .map(f => [f.quote_offset, f.quote_offset + f.quote.length]);
  return [el("p", {}, el("strong", {}, doc.title || doc.id), ` · report ${event.id}`,
             event.date ? ` · ${event.date.start}` : "", event.place ? ` · ${event.place.name}` : ""),
          el("ul", {}, ...event.casualties.map(f => el("li", {},
            `${figureCount(f.count)} ${f.party ?? UNATTRIBUTED} ${f.status}${f.source ? ` — ${f.source}` : ""}`))),
          excerpt(doc.text, event.offset, event.offset + event.text.length, marks), attribution(doc)];
}

async function claimView(claim) {
  const doc = await api(`documents/${encodeURIComponent(claim.document)}`);
  const marks = claim.quote_offset != null ? [[claim.quote_offset, claim.quote_offset + claim.quote.length]] : [];
  return [el("p", {}, el("strong", {}, doc.title || doc.id), ` · claim by ${claim.source || "unattributed"}`),
          excerpt(doc.text, claim.offset, claim.offset + claim.text.length, marks), attribution(doc)];
}

function reportButton(id, onOpen) {
  const b = el("button", {type: "button", class: "link"}, id);
  b.addEventListener("click", () => onOpen(id));
  return b;
}

async function incidentView(id, policy, onOpen) {
  const inc = await api(`incidents/${encodeURIComponent(id)}`, {policy});
  const reasons = new Map(inc.merges.map(m => [m.event, m.matched.join(", ")]));
  return [
    el("p", {}, el("strong", {}, inc.id), inc.id !== id ? ` (${id} was merged into it)` : "",
       ` · ${inc.date ? inc.date.start : "undated"}`, inc.place ? ` · ${inc.place.name}, ${inc.place.admin1 ?? ""}` : ""),
    el("table", {}, el("tr", {}, ...["party", "status", "estimate", "sources"].map(h => el("th", {}, h))),
       ...inc.estimates.map(e => el("tr", {}, el("td", {}, e.party ?? UNATTRIBUTED), el("td", {}, e.status),
                                    el("td", {}, estimate(e)), el("td", {}, e.sources.join(", "))))),
    el("h3", {}, `${plural(inc.events.length, "report")} merged into this incident`),
    el("ul", {id: "members"}, ...inc.events.map(ev => el("li", {}, reportButton(ev, onOpen),
      reasons.has(ev) ? ` — joined: ${reasons.get(ev)}` : " — the first report"))),
    inc.merged.length ? el("h3", {}, `${plural(inc.merged.length, "incident")} merged into it`) : "",
    inc.merged.length ? el("ul", {id: "merged"}, ...inc.merged.map(m => el("li", {},
      `${m.id}, when ${m.event} joined (${m.reasons.join(", ")}), ${m.merged_at}`))) : "",
  ];
}

// Show incident `id` ("i-000001"), report `id` ("DOC:e-001") or a claim in the evidence panel.
export async function showDetail({id, claim, policy, onOpen}) {
  const panel = document.getElementById("detail-panel");
  const body = await (claim ? claimView(claim) : id.startsWith("i-") && !id.includes(":")
    ? incidentView(id, policy, onOpen) : eventView(id));
  document.getElementById("detail").replaceChildren(...body);
  panel.hidden = false;
  panel.dataset.open = claim ? `claim ${claim.index}` : id;
  panel.scrollIntoView({block: "nearest"});
}
