// The fonts pages load: Greek and Cyrillic as shipped, and for English pages Roboto's Latin cut to
// LATIN_BASIC (src/platform/http/fonts.ts) — served as WOFF2, cached for a year, much smaller than
// the file it is cut from, named by the stylesheet with the same unicode-range, and covering every
// Latin character the English pages are written in (so none of it falls back to another font).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LATIN_BASIC, unicodeRange } from '../../src/platform/http/fonts.js';
import { buildTestApp, type TestApp } from '../support/app.js';

const require = createRequire(import.meta.url);
const fontsDir = path.join(path.dirname(require.resolve('@fontsource/roboto/package.json')), 'files');

describe('fonts', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp('pglite');
  });
  after(async () => {
    await t?.close();
  });

  for (const weight of ['400', '700']) {
    test(`Roboto Latin ${weight} cut to the English pages' characters`, async () => {
      const res = await t.app.inject({ url: `/assets/fonts/roboto-latin-basic-${weight}-normal.woff2` });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'font/woff2');
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(res.rawPayload.subarray(0, 4).toString('latin1'), 'wOF2');
      const full = readFileSync(path.join(fontsDir, `roboto-latin-${weight}-normal.woff2`)).length;
      assert.ok(res.rawPayload.length < full * 0.7, `${res.rawPayload.length} bytes against the full file's ${full}`);
      const again = await t.app.inject({ url: `/assets/fonts/roboto-latin-basic-${weight}-normal.woff2` });
      assert.deepEqual(again.rawPayload, res.rawPayload, 'the same bytes each time');
    });
  }

  test('Greek and Cyrillic files are served as shipped; nothing else in the folder is', async () => {
    const greek = await t.app.inject({ url: '/assets/fonts/roboto-greek-700-normal.woff2' });
    assert.equal(greek.statusCode, 200);
    assert.deepEqual(greek.rawPayload, readFileSync(path.join(fontsDir, 'roboto-greek-700-normal.woff2')));
    assert.equal((await t.app.inject({ url: '/assets/fonts/roboto-cyrillic-400-normal.woff2' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/assets/fonts/roboto-vietnamese-400-normal.woff2' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/assets/fonts/roboto-latin-basic-500-normal.woff2' })).statusCode, 404);
  });

  test("the stylesheet names the cut files with LATIN_BASIC's unicode-range", async () => {
    const css = (await t.app.inject({ url: '/assets/css/prosfero.css' })).body;
    const faces = [...css.matchAll(/@font-face \{ font-family: 'Roboto Latin';[^}]*\}/g)].map((m) => m[0]);
    assert.equal(faces.length, 2);
    for (const face of faces) {
      assert.match(face, /src: url\(\/assets\/fonts\/roboto-latin-basic-(400|700)-normal\.woff2\)/);
      assert.equal(/unicode-range: ([^;]+);/.exec(face)![1], unicodeRange(LATIN_BASIC));
    }
    assert.equal(unicodeRange('ab€c'), 'U+0061-0063, U+20AC');
  });

  test('every Latin character of the English pages is in the cut font', async () => {
    const outside = new Set<string>();
    for (const [url, status] of [['/', 200], ['/privacy', 200], ['/manage', 200], ['/staff/sign-in', 200], ['/no-such-page', 404]] as const) {
      const res = await t.app.inject({ url, headers: { cookie: 'lang=en' } });
      assert.equal(res.statusCode, status, url);
      const text = res.body.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;|&#x[0-9a-f]+;/gi, ' ');
      for (const ch of text) {
        const code = ch.codePointAt(0)!;
        const greekOrCyrillic = (code >= 0x370 && code <= 0x3ff) || (code >= 0x1f00 && code <= 0x1fff) || (code >= 0x400 && code <= 0x4ff);
        if (!greekOrCyrillic && !/\s/.test(ch) && !LATIN_BASIC.includes(ch)) outside.add(`${ch} on ${url}`);
      }
    }
    assert.deepEqual([...outside], []);
  });
});
