// subset-font ships no type declarations; this is the part Prosfero calls (src/platform/http/fonts.ts).
declare module 'subset-font' {
  /**
   * A copy of `font` (TrueType, OpenType, WOFF or WOFF2) holding only the glyphs `text` needs.
   * @returns the font in `targetFormat` (default: the input's)
   */
  export default function subsetFont(font: Buffer, text: string, options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2'; preserveNameIds?: number[]; noLayoutClosure?: boolean }): Promise<Buffer>;
}
