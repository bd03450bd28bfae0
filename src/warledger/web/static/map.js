// The map (Leaflet, no tiles): governorate boundaries of Syria and Iraq (Natural Earth admin-1), the
// neighbours' outlines underneath, and one circle per geocoded place (/api/map) whose area grows with its
// incidents' best estimate, up to MAX_RADIUS pixels so that no circle hides a governorate.

import {el, estimate, number, plural} from "./util.js";

const MAX_RADIUS = 20;
const MIN_RADIUS = 3;
const LABELS = 6;  // the places with the largest counts are named on the map; the others on hover
const CREDIT = "Boundaries: Natural Earth (public domain)";

let map = null;
let boundaries = null;
let markers = null;

export function radius(best, max) {
  return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(Math.max(0, best) / Math.max(1, max));
}

async function base(onGovernorate) {
  const [neighbours, admin1] = await Promise.all(
    ["basemap.geojson", "admin1.geojson"].map(f => fetch(`/static/${f}`).then(r => r.json())));
  L.geoJSON(neighbours, {filter: f => !f.properties.focus, interactive: false,
                         style: {color: "#b9b9b9", weight: 0.6, fillColor: "#efefea", fillOpacity: 1}}).addTo(map);
  boundaries = L.geoJSON(admin1, {
    style: {color: "#8a8a8a", weight: 1, fillColor: "#ffffff", fillOpacity: 1},
    onEachFeature: (feature, layer) => {
      const name = feature.properties.admin1;
      layer.bindTooltip(name ?? `${feature.properties.source_name} (no governorate)`, {sticky: true});
      if (name) layer.on("click", () => onGovernorate(name));
    },
  }).addTo(map);
  map.fitBounds(boundaries.getBounds());
  map.setMaxBounds(boundaries.getBounds().pad(0.5));
  // Until someone moves the map, it keeps Syria and Iraq in view as its box changes size.
  const box = document.getElementById("map");
  let moved = false;
  for (const event of ["pointerdown", "wheel", "keydown"]) box.addEventListener(event, () => { moved = true; });
  new ResizeObserver(() => {
    map.invalidateSize();
    if (!moved) map.fitBounds(boundaries.getBounds());
  }).observe(box);
}

function legendControl() {
  const control = L.control({position: "bottomright"});
  control.onAdd = () => el("div", {class: "map-legend", id: "map-legend"});
  return control;
}

function drawSizeLegend(max, status) {
  const box = document.getElementById("map-legend");
  if (!box) return;
  const steps = [...new Set([max, Math.round(max / 10), 1].filter(v => v >= 1))];
  const size = 2 * MAX_RADIUS + 4;
  const svg = el("svg:svg", {width: size + 50, height: size, role: "img",
                             "aria-label": "circle sizes"},
    ...steps.map(v => el("svg:circle", {cx: size / 2, cy: size - radius(v, max) - 1, r: radius(v, max),
                                         fill: "none", stroke: "#7a1f1f"})),
    ...steps.map(v => el("svg:text", {x: size + 2, y: size - 2 * radius(v, max) + 4, "font-size": 10}, number(v))));
  box.replaceChildren(el("strong", {}, `${status} (best) per place`), svg,
                      el("div", {}, "circle area grows with the count"));
}

export async function initMap(onGovernorate) {
  map = L.map("map", {zoomSnap: 0.5, minZoom: 4, maxZoom: 12, attributionControl: true});
  map.attributionControl.setPrefix(false).addAttribution(`${CREDIT} · Leaflet`);
  legendControl().addTo(map);
  await base(onGovernorate);
  markers = L.layerGroup().addTo(map);
}

function popup(p, status, onGovernorate) {
  const button = el("button", {type: "button", class: "link"}, `show ${p.admin1}`);
  button.addEventListener("click", () => onGovernorate(p.admin1));
  return el("div", {}, el("strong", {}, p.place || "unnamed place"), ` · ${p.admin1 ?? "no governorate"}`,
            el("br"), `${estimate(p)} ${status} in ${plural(p.estimates, "incident estimate")}`,
            el("br"), p.admin1 ? button : "");
}

// Draw the points of /api/map; `selected` is the governorate filter (outlined).
export function drawMap({points, filters, onGovernorate, unmapped}) {
  if (!map) return;
  markers.clearLayers();
  const max = Math.max(1, ...points.map(p => p.best));
  const ranked = [...points].sort((a, b) => b.best - a.best);
  for (const p of points) {
    const dot = L.circleMarker([p.lat, p.lon], {radius: radius(p.best, max), className: "marker", color: "#fff",
                                                weight: 0.8, fillColor: "#b2182b", fillOpacity: 0.7});
    const label = ranked.indexOf(p) < LABELS && p.best > 0;
    dot.bindTooltip(`${p.place || "?"}: ${estimate(p)} ${filters.status}`,
                    label ? {permanent: true, direction: "right", className: "place-label"} : {});
    dot.bindPopup(() => popup(p, filters.status, onGovernorate));
    dot.addTo(markers);
    const path = dot.getElement();
    Object.assign(path.dataset, {place: p.place ?? "", best: p.best, lat: p.lat, lon: p.lon});
  }
  boundaries?.eachLayer(layer => layer.setStyle({weight: layer.feature.properties.admin1 === filters.admin1 ? 3 : 1,
                                                  color: layer.feature.properties.admin1 === filters.admin1
                                                    ? "#1f2d3d" : "#8a8a8a"}));
  drawSizeLegend(max, filters.status);
  document.getElementById("map-note").textContent =
    `${plural(points.length, "place")} on the map` + (unmapped > 0 ? `; ${number(unmapped)} ${filters.status} ` +
    "(best) in incidents with no geocoded place are counted in the totals but not drawn." : ".");
}
