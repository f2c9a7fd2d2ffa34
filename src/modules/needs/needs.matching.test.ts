import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { regionsGeojson } from '../geography/geography.gazetteer.js';
import { explainMatch, placeTier, type MatchableLine, type MatchableNeed } from './needs.matching.js';
import { neighboursCsv, neighboursOf, parseNeighboursCsv } from './needs.neighbours.js';

const need: MatchableNeed = {
  kind: 'service',
  category: 'legal_aid',
  unit: null,
  currency: null,
  regionCode: 'GR-M',
  regionalUnitCode: '71',
  municipalityCode: '7101',
  startsOn: '2026-05-01',
  endsOn: '2026-06-30',
  outstanding: 10,
  familiesWithChildren: false,
  stepFreeAccessNeeded: false,
  elderly: false,
  pets: false,
  languages: ['uk', 'el'],
};
const line = (over: Partial<MatchableLine>): MatchableLine => ({
  kind: 'service',
  category: 'legal_aid',
  regionCode: 'GR-M',
  municipalityCode: '7101',
  regionalUnitCode: '71',
  availableFrom: null,
  availableUntil: null,
  stepFreeAccess: null,
  suitableFor: [],
  languages: ['uk', 'el'],
  delivery: 'in_person',
  unit: null,
  currency: null,
  remaining: 10,
  ...over,
});

describe('the place of a line relative to a need', () => {
  test('goes from the municipality outwards, and beyond the neighbours only for remote services and money', () => {
    assert.equal(placeTier(need, line({})), 'municipality');
    assert.equal(placeTier(need, line({ municipalityCode: '7102' })), 'regional_unit');
    assert.equal(placeTier(need, line({ municipalityCode: '7401', regionalUnitCode: '74' })), 'region');
    assert.equal(placeTier(need, line({ regionCode: 'GR-L', municipalityCode: null, regionalUnitCode: null })), 'neighbouring_region');
    assert.equal(placeTier(need, line({ regionCode: 'GR-E', municipalityCode: null, regionalUnitCode: null })), null);
    assert.equal(placeTier(need, line({ regionCode: 'GR-E', municipalityCode: null, regionalUnitCode: null, delivery: 'remote' })), 'anywhere');
    assert.equal(placeTier({ ...need, kind: 'money' }, line({ kind: 'money', regionCode: null, municipalityCode: null, regionalUnitCode: null })), 'anywhere');
  });
});

describe('why a line fits and what does not', () => {
  test('a service in the languages asked for, for the whole period, covering all, misses nothing', () => {
    const e = explainMatch(need, line({}), 'municipality');
    assert.deepEqual(e.fits.map((r) => r.key), ['fit_same_kind', 'fit_same_category', 'fit_place_municipality', 'fit_covers_all', 'fit_dates', 'fit_languages']);
    assert.deepEqual(e.misses, []);
  });

  test('missing languages, a late start, an early end and a small capacity are each named', () => {
    const e = explainMatch(need, line({ languages: ['el'], availableFrom: '2026-05-15', availableUntil: '2026-06-01', remaining: 4, delivery: 'remote' }), 'anywhere');
    assert.deepEqual(e.misses, [
      { key: 'miss_covers_part', params: { remaining: 4, outstanding: 10 } },
      { key: 'miss_starts_later', params: { from: '2026-05-15' } },
      { key: 'miss_ends_sooner', params: { until: '2026-06-01' } },
      { key: 'miss_languages', params: { languages: 'uk' } },
    ]);
    assert.ok(e.fits.some((r) => r.key === 'fit_place_remote'));
  });

  test('accommodation is checked for families, step-free access, elderly people and pets', () => {
    const home: MatchableNeed = { ...need, kind: 'accommodation', category: null, languages: [], familiesWithChildren: true, stepFreeAccessNeeded: true, elderly: true, pets: true };
    const e = explainMatch(home, line({ kind: 'accommodation', suitableFor: ['children', 'pets'], stepFreeAccess: false }), 'region');
    assert.deepEqual(e.fits.map((r) => r.key), ['fit_same_kind', 'fit_place_region', 'fit_covers_all', 'fit_dates', 'fit_families', 'fit_pets']);
    assert.deepEqual(e.misses.map((r) => r.key), ['miss_step_free', 'miss_elderly']);
  });
});

describe('neighbouring regions', () => {
  test('the land neighbours in the CSV are exactly the regions whose boundaries share a border in greece-regions.geojson', () => {
    const geo = JSON.parse(readFileSync(regionsGeojson, 'utf8')) as { features: { properties: { iso_code: string }; geometry: { type: string; coordinates: unknown } }[] };
    const points = new Map<string, Set<string>>();
    for (const f of geo.features) {
      const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
      points.set(f.properties.iso_code, new Set(polygons.flat(2).map(([x, y]) => `${x!.toFixed(5)},${y!.toFixed(5)}`)));
    }
    const codes = [...points.keys()].sort();
    const derived: string[] = [];
    for (const [i, a] of codes.entries()) {
      for (const b of codes.slice(i + 1)) {
        // a shared border is a shared segment: at least two common vertices (GISCO keeps topology)
        const common = [...points.get(a)!].filter((p) => points.get(b)!.has(p)).length;
        if (common >= 2) derived.push(`${a}-${b}`);
      }
    }
    const land = parseNeighboursCsv(readFileSync(neighboursCsv, 'utf8'))
      .filter((l) => l.link === 'land')
      .map((l) => [l.a, l.b].sort().join('-'))
      .sort();
    assert.deepEqual(land, derived.sort());
  });

  test('every region has a neighbour, islands through their ferry links, and the relation is symmetric', () => {
    for (const r of ['GR-A', 'GR-B', 'GR-C', 'GR-D', 'GR-E', 'GR-F', 'GR-G', 'GR-H', 'GR-I', 'GR-J', 'GR-K', 'GR-L', 'GR-M']) {
      assert.ok(neighboursOf(r).length > 0, r);
      for (const n of neighboursOf(r)) assert.ok(neighboursOf(n).includes(r), `${r} ↔ ${n}`);
    }
    assert.deepEqual(neighboursOf('GR-M'), ['GR-I', 'GR-L']);
    assert.deepEqual(neighboursOf('GR-E'), ['GR-B', 'GR-C', 'GR-D', 'GR-G', 'GR-H']);
  });

  test('a malformed row is refused with its line number', () => {
    assert.throws(() => parseNeighboursCsv('region_code,neighbour_code,link\nGR-A,GR-Z,land\n'), /line 2/);
  });
});
