// What the queue's one search box was asked: an identifier looked up exactly (reference, tax
// identifier, email, phone) and words matched against the offers' search documents. Pure: the
// repository turns these terms into SQL. Words are folded by the same rules as the documents
// (offers' foldForSearch), so «ΘΕΣΣΑΛΟΝΙΚΗΣ» asks for what «Θεσσαλονίκη» was stored as.
import { parseAfm, parseEmail, parseForeignTaxId, parsePhone } from '../../platform/validation/rules.js';
import { foldForSearch, parseReference, transliterateGreek } from '../offers/index.js';

/** Characters a search may hold: longer is not a search but a paste gone wrong (issue 3's hostile input). */
export const SEARCH_MAX_LENGTH = 200;
/** Words a search matches; the rest are ignored, so a pasted paragraph costs no more than a name. */
export const SEARCH_MAX_WORDS = 8;
/**
 * Words this long or longer match as a prefix («Θεσσαλ» finds «Θεσσαλονίκη») and as a substring
 * of names (pg_trgm needs 3 characters to use its index); shorter ones only as whole words.
 */
export const PREFIX_MIN_LENGTH = 3;

export type SearchWord = {
  /** folded: lower case, no accents, σ for ς */
  word: string;
  /** the ELOT 743 Latin spelling of a Greek word, folded; null for any other word */
  latin: string | null;
};

export type SearchTerms = {
  /** the offer's reference, when the text is one (dashes, spaces, Greek look-alike capitals allowed) */
  reference: string | null;
  /** tax identifiers as stored: an ΑΦΜ's 9 digits, or a foreign number upper-cased */
  taxIds: string[];
  /** lower-cased; looked up only for staff who may see contact data */
  email: string | null;
  /** E.164; looked up only for staff who may see contact data */
  phone: string | null;
  /** at most SEARCH_MAX_WORDS, each once, at least 2 characters long */
  words: SearchWord[];
};

const RAW_SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;

/**
 * Reads the search box. Every interpretation that fits is kept and the repository ORs them: a
 * 10-digit number may be a phone and a foreign tax number at once, and words that happen to
 * spell a valid reference still match as words.
 * @param text the search as typed, already cleaned (NFC, trimmed, ≤ SEARCH_MAX_LENGTH).
 * Sources: parseReference (offers), parseAfm / parseForeignTaxId / parseEmail / parsePhone
 * (platform/validation: ΑΦΜ with EL prefix, phone in any format to E.164, GR by default).
 */
export function parseSearch(text: string): SearchTerms {
  const afm = parseAfm(text);
  const foreign = parseForeignTaxId(text);
  const email = text.includes('@') ? parseEmail(text) : null;
  const phone = parsePhone(text);
  const taxIds = new Set<string>();
  if (afm.ok) taxIds.add(afm.value);
  if (foreign.ok) taxIds.add(foreign.value);

  const words = new Map<string, SearchWord>();
  for (const raw of text.split(RAW_SEPARATORS)) {
    const word = foldForSearch(raw);
    // Folding never splits a word (separators are gone already); a lone letter matches too much.
    if ([...word].length < 2 || words.has(word)) continue;
    const latin = /\p{Script=Greek}/u.test(word) ? foldForSearch(transliterateGreek(raw)) : null;
    words.set(word, { word, latin: latin && latin !== word ? latin : null });
    if (words.size === SEARCH_MAX_WORDS) break;
  }
  return {
    reference: parseReference(text),
    taxIds: [...taxIds],
    email: email?.ok ? email.value.toLowerCase() : null,
    phone: phone.ok ? phone.value : null,
    words: [...words.values()],
  };
}
