// Which of Greece's 13 regions neighbour which: the "neighbouring regions" step of matching.
// Read from db/reference/greece-region-neighbours.csv: its `land` rows are the regions whose
// polygons in greece-regions.geojson (Eurostat GISCO NUTS 2021) share a border, which
// needs.matching.test.ts derives again from the GeoJSON and compares; its `sea` rows are the island
// regions' regular ferry links, kept by hand (sources in db/reference/README.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const neighboursCsv = fileURLToPath(new URL('../../../db/reference/greece-region-neighbours.csv', import.meta.url));

export type RegionLink = { a: string; b: string; link: 'land' | 'sea' };

/**
 * The pairs of the CSV (columns region_code, neighbour_code, link), each listed once.
 * @throws Error naming the line when a row is not two region codes and `land` or `sea`.
 */
export function parseNeighboursCsv(text: string): RegionLink[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r, i) => {
    const a = r.region_code ?? '';
    const b = r.neighbour_code ?? '';
    const link = r.link;
    if (!/^GR-[A-M]$/.test(a) || !/^GR-[A-M]$/.test(b) || a === b || (link !== 'land' && link !== 'sea')) {
      throw new Error(`greece-region-neighbours.csv line ${i + 2}: invalid row`);
    }
    return { a, b, link };
  });
}

let cached: Map<string, string[]> | undefined;

/** Region code → its neighbouring regions (both directions, sorted), read once per process. */
export function regionNeighbours(): Map<string, string[]> {
  if (cached) return cached;
  const map = new Map<string, string[]>();
  for (const { a, b } of parseNeighboursCsv(readFileSync(neighboursCsv, 'utf8'))) {
    map.set(a, [...(map.get(a) ?? []), b]);
    map.set(b, [...(map.get(b) ?? []), a]);
  }
  for (const [k, v] of map) map.set(k, [...new Set(v)].sort());
  cached = map;
  return map;
}

/** The regions neighbouring `region` (empty for an unknown code or Mount Athos). */
export function neighboursOf(region: string): string[] {
  return regionNeighbours().get(region) ?? [];
}
