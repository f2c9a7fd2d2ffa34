// Greece's 13 regions as SVG paths, made once per process from db/reference/greece-regions.geojson
// (Eurostat GISCO NUTS 2021, 1:10 million; © EuroGeographics for the administrative boundaries):
// projected, simplified and rounded so the whole map is a few kilobytes of inline SVG that any
// browser draws without a script. Pure geometry; no colours, words or links (views/map.tsx).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REGIONS_GEOJSON = fileURLToPath(new URL('../../../db/reference/greece-regions.geojson', import.meta.url));

type Position = [number, number];
type Ring = Position[];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
type Feature = { properties: { iso_code: string }; geometry: Geometry };
export type RegionsGeojson = { features: Feature[]; attribution?: string };

export type RegionShape = {
  /** ISO 3166-2:GR */
  code: string;
  /** SVG path data in map units; outer rings and holes, drawn with fill-rule="evenodd" */
  d: string;
  /** a point well inside the region's largest piece, for its label */
  label: { x: number; y: number };
  /** [minX, minY, maxX, maxY] in map units */
  box: [number, number, number, number];
};

export type GreeceMap = { width: number; height: number; regions: RegionShape[] };

export type MapOptions = {
  /** width of the map in its own units (the SVG viewBox); the height follows */
  width: number;
  /** Douglas–Peucker tolerance, in map units */
  tolerance: number;
  /** rings smaller than this (square map units) are left out, but never a region's largest */
  minArea: number;
};

/**
 * Defaults measured on the GISCO file: 600 units wide, a tolerance of 0.6 units and islets under
 * 3 square units dropped give 13 recognisable regions (Crete, the Dodecanese, the Ionian islands
 * still there) in about 12 KB of path data, against 35 KB of GeoJSON.
 */
export const MAP_DEFAULTS: MapOptions = { width: 600, tolerance: 0.6, minArea: 3 };

const MARGIN = 4;

function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return a / 2;
}

/** Douglas–Peucker on an open polyline, keeping its two ends. */
function simplifyLine(points: Position[], tolerance: number): Position[] {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  const t2 = tolerance * tolerance;
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    const [ax, ay] = points[first]!;
    const [bx, by] = points[last]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD = t2;
    for (let i = first + 1; i < last; i++) {
      const [px, py] = points[i]!;
      let d: number;
      if (len2 === 0) d = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
      }
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** A closed ring simplified: split at its point farthest from the start, so both halves keep their shape. */
function simplifyRing(ring: Ring, tolerance: number): Ring {
  const open = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring;
  if (open.length < 4) return open;
  let far = 1;
  let farD = -1;
  for (let i = 1; i < open.length; i++) {
    const d = (open[i]![0] - open[0]![0]) ** 2 + (open[i]![1] - open[0]![1]) ** 2;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  const a = simplifyLine(open.slice(0, far + 1), tolerance);
  const b = simplifyLine([...open.slice(far), open[0]!], tolerance);
  return [...a, ...b.slice(1, -1)];
}

function inside(x: number, y: number, ring: Ring): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function distanceToRing(x: number, y: number, ring: Ring): number {
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[j]!;
    const [bx, by] = ring[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

/** The point of a 30×30 grid over the polygon that lies inside it and farthest from its edges (a cheap "pole of inaccessibility"). */
function labelPoint(polygon: Ring[]): { x: number; y: number } {
  const outer = polygon[0]!;
  const xs = outer.map((p) => p[0]);
  const ys = outer.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let best = { x: outer[0]![0], y: outer[0]![1] };
  let bestD = -1;
  const N = 30;
  for (let i = 0; i <= N; i++) {
    for (let j = 0; j <= N; j++) {
      const x = x0 + ((x1 - x0) * i) / N;
      const y = y0 + ((y1 - y0) * j) / N;
      if (!inside(x, y, outer) || polygon.slice(1).some((hole) => inside(x, y, hole))) continue;
      const d = Math.min(...polygon.map((r) => distanceToRing(x, y, r)));
      if (d > bestD) {
        bestD = d;
        best = { x, y };
      }
    }
  }
  return { x: Math.round(best.x * 10) / 10, y: Math.round(best.y * 10) / 10 };
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/**
 * Projects the regions equirectangularly about Greece's middle latitude (longitude scaled by
 * its cosine, so shapes keep their proportions at this size), simplifies each ring
 * (Douglas–Peucker) and writes SVG path data with one decimal.
 * @throws Error when the file does not hold the 13 regions with their ISO codes.
 */
export function buildGreeceMap(geojson: RegionsGeojson, options: MapOptions = MAP_DEFAULTS): GreeceMap {
  const polygonsOf = (g: Geometry): Ring[][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  const all = geojson.features.flatMap((f) => polygonsOf(f.geometry).flat(2));
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = (options.width - 2 * MARGIN) / ((maxLon - minLon) * kx);
  const project = ([lon, lat]: Position): Position => [MARGIN + (lon - minLon) * kx * scale, MARGIN + (maxLat - lat) * scale];
  const height = Math.ceil(2 * MARGIN + (maxLat - minLat) * scale);

  const regions = geojson.features.map((f): RegionShape => {
    const code = f.properties.iso_code;
    if (!/^GR-[A-M]$/.test(code)) throw new Error(`region code ${code} is not one of GR-A … GR-M`);
    const polygons = polygonsOf(f.geometry).map((poly) => poly.map((ring) => ring.map(project)));
    const largest = polygons.reduce((a, b) => (Math.abs(ringArea(b[0]!)) > Math.abs(ringArea(a[0]!)) ? b : a));
    const simplified = polygons.map((poly) =>
      poly === largest || Math.abs(ringArea(poly[0]!)) >= options.minArea
        ? poly
            .filter((ring, i) => i === 0 || Math.abs(ringArea(ring)) >= options.minArea)
            .map((ring) => simplifyRing(ring, options.tolerance))
            .filter((ring) => ring.length >= 3)
        : null,
    );
    const kept = simplified.filter((poly): poly is Ring[] => poly !== null && poly.length > 0);
    const d = kept
      .flat()
      .map((ring) => `M${ring.map((p) => `${fmt(p[0])} ${fmt(p[1])}`).join('L')}Z`)
      .join('');
    const points = kept.flat(2);
    const box: RegionShape['box'] = [
      Math.min(...points.map((p) => p[0])),
      Math.min(...points.map((p) => p[1])),
      Math.max(...points.map((p) => p[0])),
      Math.max(...points.map((p) => p[1])),
    ];
    const largestKept = simplified[polygons.indexOf(largest)] ?? largest;
    return { code, d, label: labelPoint(largestKept), box };
  });
  const codes = new Set(regions.map((r) => r.code));
  if (codes.size !== 13 || regions.length !== 13) throw new Error(`expected the 13 regions of Greece, found ${regions.length}`);
  return { width: options.width, height, regions: regions.sort((a, b) => a.code.localeCompare(b.code)) };
}

let cached: GreeceMap | undefined;

/** The map of db/reference/greece-regions.geojson, built on first use and kept for the process. */
export function greeceMap(): GreeceMap {
  cached ??= buildGreeceMap(JSON.parse(readFileSync(REGIONS_GEOJSON, 'utf8')) as RegionsGeojson);
  return cached;
}
