// The house layout of every email: a plain-text part and an HTML part saying the same thing,
// the reference in both, and links written out in full in the text part (some offerors read mail
// on phones that show text only). Pure functions: no database, no configuration.
import type { Lang } from '../i18n/index.js';

const LABELS: Record<Lang, { reference: string; platform: string; automatic: string }> = {
  el: {
    reference: 'Αριθμός αναφοράς',
    platform: 'Prosfero · Θέλω να προσφέρω βοήθεια',
    automatic: 'Αυτό το μήνυμα στάλθηκε αυτόματα. Αν έχετε ερωτήσεις, αναφέρετε τον αριθμό αναφοράς σας.',
  },
  en: {
    reference: 'Reference number',
    platform: 'Prosfero · I want to offer help',
    automatic: 'This message was sent automatically. If you have questions, please quote your reference number.',
  },
  uk: {
    reference: 'Номер пропозиції',
    platform: 'Prosfero · Я хочу запропонувати допомогу',
    automatic: 'Це повідомлення надіслано автоматично. Якщо у вас є запитання, вкажіть номер вашої пропозиції.',
  },
};

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export type RenderEmailInput = {
  lang: Lang;
  /** the subject and the heading; the reference is appended to the subject when given */
  title: string;
  /** the offer's public reference (formatted, e.g. 7KQ-4M9-TXR) */
  reference?: string;
  /** plain text; a paragraph may hold line breaks (kept in both parts) */
  paragraphs: string[];
  /** buttons in HTML, "label: url" lines in text; urls must be absolute */
  actions?: { label: string; url: string }[];
  /** lines under the message (contact details), smaller, in both parts */
  footer?: string[];
};

/**
 * Renders an email in the house layout.
 * @returns `subject` ("<title> · <reference>", one line, at most 998 characters as RFC 5322
 *   allows), `text` (UTF-8 plain text) and `html` (a complete, self-contained HTML document with
 *   inline styles only, because mail clients drop style sheets).
 */
export function renderEmail(input: RenderEmailInput): { subject: string; text: string; html: string } {
  const l = LABELS[input.lang];
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  const subject = oneLine(input.reference ? `${input.title} · ${input.reference}` : input.title).slice(0, 998);
  const actions = input.actions ?? [];
  const footer = [...(input.footer ?? []), l.automatic];

  const text = [
    input.title,
    ...(input.reference ? [`${l.reference}: ${input.reference}`] : []),
    '',
    ...input.paragraphs.flatMap((p) => [p, '']),
    ...actions.flatMap((a) => [`${a.label}:`, a.url, '']),
    '--',
    l.platform,
    ...footer,
    '',
  ].join('\n');

  const para = (p: string) => `<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`;
  const button = (a: { label: string; url: string }) =>
    `<p style="margin:0 0 16px"><a href="${escapeHtml(a.url)}" style="display:inline-block;background:#00703c;color:#ffffff;padding:10px 16px;font-size:16px;font-weight:bold;text-decoration:none;border-radius:2px">${escapeHtml(a.label)}</a></p>` +
    `<p style="margin:0 0 16px;font-size:14px;color:#505a5f;word-break:break-all">${escapeHtml(a.url)}</p>`;
  const html = `<!DOCTYPE html>
<html lang="${input.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f2f1;font-family:Roboto,Arial,sans-serif;color:#0b0c0c">
<div style="max-width:640px;margin:0 auto;background:#ffffff">
<div style="background:#003476;color:#ffffff;padding:16px 24px;font-size:18px;font-weight:bold">${escapeHtml(l.platform)}</div>
<div style="padding:24px">
<h1 style="margin:0 0 16px;font-size:24px;line-height:1.25">${escapeHtml(input.title)}</h1>
${input.reference ? `<p style="margin:0 0 24px;padding:12px 16px;border-left:6px solid #003476;background:#f3f2f1;font-size:16px">${escapeHtml(l.reference)}: <strong style="font-size:20px;letter-spacing:1px">${escapeHtml(input.reference)}</strong></p>` : ''}
${input.paragraphs.map(para).join('\n')}
${actions.map(button).join('\n')}
</div>
<div style="padding:16px 24px;border-top:1px solid #b1b4b6;font-size:14px;line-height:1.5;color:#505a5f">
${footer.map((f) => `<p style="margin:0 0 8px">${escapeHtml(f)}</p>`).join('\n')}
</div>
</div>
</body>
</html>
`;
  return { subject, text, html };
}
