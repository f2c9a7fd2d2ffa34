// The map's geometry, the coverage classes and the queue links, without a database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGreeceMap, greeceMap, MAP_DEFAULTS } from './dashboard.map.js';
import { coverageOf } from './dashboard.service.js';
import { niceCeiling } from './views/chart.js';
import { attr, percentText, queueHref } from './views/format.js';

test('the map has the 13 regions of Greece, each with a path inside the map and a label inside its box', () => {
  const map = greeceMap();
  assert.deepEqual(map.regions.map((r) => r.code), ['GR-A', 'GR-B', 'GR-C', 'GR-D', 'GR-E', 'GR-F', 'GR-G', 'GR-H', 'GR-I', 'GR-J', 'GR-K', 'GR-L', 'GR-M']);
  assert.equal(map.width, MAP_DEFAULTS.width);
  assert.ok(map.height > 400 && map.height < 600, `height ${map.height}`);
  for (const r of map.regions) {
    assert.match(r.d, /^M[\d. L]+Z(M[\d. L]+Z)*$/, r.code);
    const [x0, y0, x1, y1] = r.box;
    assert.ok(x0 >= 0 && y0 >= 0 && x1 <= map.width && y1 <= map.height, `${r.code} lies within the map`);
    assert.ok(r.label.x >= x0 && r.label.x <= x1 && r.label.y >= y0 && r.label.y <= y1, `${r.code}'s label lies within its box`);
  }
  // Simplified and rounded: well under the 35 KB of the GeoJSON it comes from.
  const bytes = map.regions.reduce((n, r) => n + r.d.length, 0);
  assert.ok(bytes < 20_000, `${bytes} bytes of path data`);
  // Crete is south of Central Macedonia, Attica east of Western Greece (y grows southwards).
  const box = (code: string) => map.regions.find((r) => r.code === code)!.box;
  assert.ok(box('GR-M')[1] > box('GR-B')[3]);
  assert.ok(box('GR-I')[2] > box('GR-G')[2]);
});

test('a file without the 13 regions is refused', () => {
  const one = { features: [{ properties: { iso_code: 'GR-M' }, geometry: { type: 'Polygon' as const, coordinates: [[[24, 35], [25, 35], [25, 36], [24, 35]] as [number, number][]] } }] };
  assert.throws(() => buildGreeceMap(one), /13 regions/);
});

test('coverage classes compare free places with places needed', () => {
  assert.equal(coverageOf(0, 0), 'none');
  assert.equal(coverageOf(5, 0), 'ample');
  assert.equal(coverageOf(0, 10), 'short');
  assert.equal(coverageOf(4, 10), 'short');
  assert.equal(coverageOf(5, 10), 'partly');
  assert.equal(coverageOf(10, 10), 'covered');
  assert.equal(coverageOf(19, 10), 'covered');
  assert.equal(coverageOf(20, 10), 'ample');
});

test('links lead to the queue with its own parameter names, escaped for attributes', () => {
  assert.equal(queueHref({ region: 'GR-M' }), '/staff/offers?region=GR-M');
  assert.equal(queueHref({ region: 'GR-M', kind: 'accommodation', status: 'verified' }), '/staff/offers?status=verified&kind=accommodation&region=GR-M');
  assert.equal(attr(queueHref({ kind: 'money', region: 'GR-A' })), '/staff/offers?kind=money&amp;region=GR-A');
  assert.equal(percentText('en', 8, 18), '44%');
  assert.deepEqual([0, 1, 3, 10, 11, 180, 1200].map(niceCeiling), [1, 1, 5, 10, 20, 200, 2000]);
});
