// Languages and message catalogues. Each module keeps its own catalogue (`<module>.messages.ts`)
// in Greek, English and Ukrainian; the types make a missing translation a compile error.
export const LANGUAGES = ['el', 'en', 'uk'] as const;
export type Lang = (typeof LANGUAGES)[number];
/** Staff pages are in Greek and English (PRODUCT.md, «Languages»). */
export const STAFF_LANGUAGES = ['el', 'en'] as const;
export type StaffLang = (typeof STAFF_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Lang = 'el';

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** A catalogue: the same keys in each language. Greek is the source the others are checked against. */
export type Catalogue<K extends string> = Record<Lang, Record<K, string>>;
export type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/** Fills `{name}` placeholders; a placeholder without a value is left visible so tests catch it. */
export function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function translator<K extends string>(catalogue: Catalogue<K>, lang: Lang): Translate<K> {
  const table = catalogue[lang];
  return (key, params) => fill(table[key], params);
}

/**
 * Chooses the page language: an explicit `?lang=` first, then the cookie the person set,
 * then the browser's Accept-Language, then Greek.
 */
export function pickLanguage(query: unknown, cookie: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  if (isLang(cookie)) return cookie;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...rest] = part.trim().split(';');
        const q = rest.find((p) => p.trim().startsWith('q='));
        return { tag: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) || 0 : 1 };
      })
      .sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) if (isLang(tag)) return tag;
  }
  return DEFAULT_LANGUAGE;
}

/** The language names as their speakers write them, for the language switcher. */
export const LANGUAGE_NAMES: Record<Lang, string> = { el: 'Ελληνικά', en: 'English', uk: 'Українська' };
