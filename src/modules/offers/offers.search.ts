// The words an offer is found by, and the rules that fold text into them. The offer's search
// document is built here at submission, and the back office folds a search query with the same
// functions, so a document and a query always agree. Pure functions: no I/O, no locale.
//
// Folding happens here, not in SQL, because PostgreSQL's lower() and its text-search parser
// follow the database's LC_CTYPE (a database created with locale C lower-cases no Greek), and
// unaccent() is not IMMUTABLE; JavaScript's Unicode tables are the same on every machine.
import type { OfferInput } from './offers.schemas.js';

// Letters whose accents are only accents. In Cyrillic the marks make other letters (й is not и,
// ї is not і), so Cyrillic keeps them, as PostgreSQL's unaccent does.
const ACCENTED = /(\p{Script=Latin}|\p{Script=Greek})\p{M}+/gu;
// What unaccent's rules turn into plain letters that have no decomposition in Unicode.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ё: 'е' };
const SPECIAL = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * Text as the search compares it: lower case, without accents on Latin or Greek letters, final
 * sigma as σ, ß as ss (and the other letters PostgreSQL's unaccent rewrites), every run of
 * anything but letters and digits as one space.
 * E.g. «ΘΕΣΣΑΛΟΝΊΚΗΣ» → «θεσσαλονικησ», "Zoë O'Brien-Straße" → "zoe o brien strasse", «Київ» stays «київ».
 * Source: Unicode UAX #15 (NFD separates a letter from its accents), Unicode SpecialCasing
 * (final sigma), the unaccent.rules of PostgreSQL 15 for the letters in LETTERS.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(ACCENTED, '$1')
    .normalize('NFC')
    .replace(SPECIAL, (c) => LETTERS[c]!)
    .replace(/ς/g, 'σ')
    .replace(SEPARATORS, ' ')
    .trim();
}

const GREEK_LETTERS: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p',
  ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o', ϊ: 'i', ϋ: 'y',
};
// After α, ε, η the υ is spoken v before a vowel or a voiced consonant, f otherwise.
const VOICED_AFTER_UPSILON = new Set([...'αεηιουωϊϋβγδζλμνρ']);
const GAMMA_PAIRS: Record<string, string> = { γ: 'ng', κ: 'gk', ξ: 'nx', χ: 'nch' };

/**
 * Greek letters in Latin by ELOT 743:2001 (the transcription of the reference data's `name_en`,
 * e.g. «Θεσσαλονίκης» → "thessalonikis", «Ευβοίας» → "evvoias", «Ναυπλιέων» → "nafplieon",
 * «Παγγαίου» → "pangaiou", «Αχαΐας» → "achaias"); other characters are kept. Lower case.
 * Rules: αυ/ευ/ηυ are av/ev/iv before a vowel or β γ δ ζ λ μ ν ρ and af/ef/if otherwise; ου is
 * ou; γγ ng, γκ gk, γξ nx, γχ nch; θ th, χ ch, ψ ps, η i, υ y, ω o; a diaeresis (ϋ) or an accent
 * on the first vowel (άυ) keeps the two vowels apart.
 * Source: ELOT 743:2001, as in UN Working Group on Romanization Systems, "Greek" (2003).
 */
export function transliterateGreek(text: string): string {
  const s = text
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    // An accent on the first of two vowels means they are said apart (άυλος: a-y-los).
    .replace(/([αεηο])\u0301υ/g, '$1ϋ')
    .replace(/\u0301/g, '')
    .normalize('NFC');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const next = s[i + 1];
    if ((c === 'α' || c === 'ε' || c === 'η') && next === 'υ') {
      const after = s[i + 2];
      out += GREEK_LETTERS[c] + (after !== undefined && VOICED_AFTER_UPSILON.has(after) ? 'v' : 'f');
      i++;
    } else if (c === 'ο' && next === 'υ') {
      out += 'ou';
      i++;
    } else if (c === 'γ' && next !== undefined && GAMMA_PAIRS[next]) {
      out += GAMMA_PAIRS[next];
      i++;
    } else {
      out += GREEK_LETTERS[c] ?? c;
    }
  }
  return out;
}

/** The folded words of `text`, each once, in order of first appearance. */
export function searchWords(text: string): string[] {
  const folded = foldForSearch(text);
  return folded === '' ? [] : [...new Set(folded.split(' '))];
}

/** The folded words of `text`, then those of its Latin spelling that differ, each once. */
function documentWords(text: string): string {
  return [...new Set([...searchWords(text), ...searchWords(transliterateGreek(text))])].join(' ');
}

/** What an offer's search document is made of; blanks are skipped. */
export type SearchSource = {
  /** the organisation's names and the people named in it */
  names: readonly (string | null | undefined)[];
  /** free text: city, descriptions, delivery areas, purposes */
  texts: readonly (string | null | undefined)[];
};

/**
 * What a submitted offer is found by: legal name, distinctive title, legal representative and
 * contact person; the city, and each line's description, delivery area and purpose in line order.
 * Email, phone, tax identifier and reference are looked up exactly, not through the document, and
 * no postal address is in it: staff without access to contact data must not find an offer by it.
 */
export function searchSourceOf(offer: OfferInput): SearchSource {
  const o = offer.organisation;
  return {
    names: [o.legalName, o.distinctiveTitle, o.legalRepresentative, offer.contact.name],
    texts: [
      o.city,
      ...offer.lines.flatMap((l) =>
        l.kind === 'service' ? [l.description] : l.kind === 'essential_items' ? [l.description, l.deliveryArea] : l.kind === 'money' ? [l.purpose] : [],
      ),
    ],
  };
}

/** An offer's search document: see `searchDocument`. */
export type SearchDocument = { names: string; words: string };

/**
 * The search document written to `offers` (migration 0005):
 * - `names` → `offers.search_text`, for substring (trigram) matches of names: the folded words of
 *   the names, then their ELOT 743 Latin spelling;
 * - `words` → `offers.search_vector`, through `to_tsvector('greek', words) || to_tsvector('simple',
 *   words)`: the names and the free text, folded, with Latin spellings. `greek` stems
 *   («πρόσφυγες» and «προσφυγών» meet), `simple` keeps whole words of any script (Ukrainian).
 * E.g. names «Δήμος Αρχανών-Αστερουσίων» → "δημοσ αρχανων αστερουσιων dimos archanon asterousion".
 */
export function searchDocument(source: SearchSource): SearchDocument {
  const present = (parts: SearchSource['names']) => parts.filter((p): p is string => typeof p === 'string' && p !== '');
  const names = present(source.names).join(' ');
  const all = [names, ...present(source.texts)].filter((p) => p !== '').join(' ');
  return { names: documentWords(names), words: documentWords(all) };
}
