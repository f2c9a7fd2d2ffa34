// Roboto for the pages: Greek and Cyrillic as @fontsource/roboto ships them, and for English pages
// a Latin file cut down to the characters English pages are written in (printable ASCII and the
// typographic marks the messages use), made from @fontsource/roboto's Latin file by harfbuzz
// (subset-font) the first time it is asked for and kept in memory. The full Latin files weigh
// 44 KB for the two weights and put the English start page at 71 KB against issue 7's 60 KB for a
// first visit; the cut files weigh 27 KB. Characters outside the cut (an accented name) are drawn
// by the system's sans-serif, as Latin characters are on Greek and Ukrainian pages
// (public/css/prosfero.css, whose `unicode-range` for 'Roboto Latin' lists LATIN_BASIC).
// The cut is made once per process; the module doing it is loaded only then.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** Printable ASCII, then the no-break space, « » · × © ° ‘ ’ “ ” – — … • € (what English messages use). */
export const LATIN_BASIC = (() => {
  let text = '';
  for (let c = 0x20; c <= 0x7e; c++) text += String.fromCharCode(c);
  return text + '\u00a0«»·×©°‘’“”–—…•€';
})();

/** LATIN_BASIC as a CSS `unicode-range`, ranges merged: "U+0020-007E, U+00A0, …". */
export function unicodeRange(text: string): string {
  const codes = [...new Set([...text].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  const ranges: string[] = [];
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j]! + 1) j++;
    ranges.push(i === j ? `U+${hex(codes[i]!)}` : `U+${hex(codes[i]!)}-${hex(codes[j]!)}`);
    i = j + 1;
  }
  return ranges.join(', ');
}

const WEIGHTS = ['400', '700'] as const;

/** The route of the cut Latin files: roboto-latin-basic-400-normal.woff2 and …-700-…. */
export const LATIN_BASIC_ROUTE = '/assets/fonts/roboto-latin-basic-:weight(^\\d+)-normal.woff2';

/**
 * Serves the fonts under /assets/fonts/: roboto-{greek,cyrillic}-{400,700}-normal.woff2 from
 * @fontsource/roboto, and roboto-latin-basic-{400,700}-normal.woff2 cut to LATIN_BASIC. All are
 * cached by browsers for a year (their content changes only with the package).
 */
export async function registerFonts(app: FastifyInstance): Promise<void> {
  const fontsDir = path.join(path.dirname(require.resolve('@fontsource/roboto/package.json')), 'files');
  await app.register(fastifyStatic, {
    root: fontsDir,
    prefix: '/assets/fonts/',
    maxAge: '365d',
    immutable: true,
    decorateReply: false,
    allowedPath: (p) => /^\/?roboto-(greek|cyrillic)-(400|700)-normal\.woff2$/.test(p),
  });
  const cut = new Map<string, Promise<Buffer>>();
  const latinBasic = (weight: (typeof WEIGHTS)[number]) => {
    let font = cut.get(weight);
    if (!font) {
      // subset-font and its WebAssembly load here, not with the service: 14 MB of memory a process
      // would otherwise hold from its start (an export's, a worker's) for one request a weight.
      font = Promise.all([import('subset-font'), readFile(path.join(fontsDir, `roboto-latin-${weight}-normal.woff2`))]).then(([{ default: subsetFont }, full]) =>
        subsetFont(full, LATIN_BASIC, { targetFormat: 'woff2' }),
      );
      // a failure is not kept: the next request tries again
      font.catch(() => cut.delete(weight));
      cut.set(weight, font);
    }
    return font;
  };
  app.get<{ Params: { weight: string } }>(LATIN_BASIC_ROUTE, async (req, reply) => {
    const weight = WEIGHTS.find((w) => w === req.params.weight);
    if (!weight) return reply.callNotFound();
    const font = await latinBasic(weight);
    return reply.header('content-type', 'font/woff2').header('cache-control', 'public, max-age=31536000, immutable').send(font);
  });
}
