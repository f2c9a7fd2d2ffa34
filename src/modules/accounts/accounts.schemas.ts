// The shapes of the staff account forms. Each error's message is a key of accounts.messages.ts,
// so the route can show it in the staff member's language. Rules that need the account (is the
// new password the email?) are the service's.
import { z } from 'zod';
import type { AccountMessageKey } from './accounts.messages.js';
import { STAFF_ROLES } from './accounts.policy.js';

/**
 * Password length bounds, counted in Unicode code points after NFKC normalisation.
 * 12 is the issue's rule (NIST SP 800-63B §3.1.1.2 asks for at least 8 and a maximum of at
 * least 64); 256 bounds the work one argon2 hash may be asked to do.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** A form field as a string: absent or repeated fields become '' so they fail as "missing". */
const field = () => z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string());

const m = (key: AccountMessageKey) => key;

export const signInForm = z.object({
  email: field()
    .transform((v) => v.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, m('email_required'))
        .max(254, m('email_format'))
        .regex(/^[^\s@]+@[^\s@]+$/, m('email_format')),
    ),
  // Passwords are never trimmed: a space is a character like any other. No password can be longer
  // than PASSWORD_MAX code points (4 UTF-16 units each at most), so a longer one is simply wrong,
  // and refusing it here bounds the argon2 work an anonymous request can ask for.
  password: field().pipe(z.string().min(1, m('password_required')).max(4 * PASSWORD_MAX, m('credentials_invalid'))),
});
export type SignInForm = z.infer<typeof signInForm>;

/** Code points, not UTF-16 units: «Καλημέρα» is 8 characters to the person typing it. */
export function passwordLength(password: string): number {
  return [...password.normalize('NFKC')].length;
}

export const passwordForm = z
  .object({
    current_password: field().pipe(z.string().min(1, m('current_password_required')).max(4 * PASSWORD_MAX, m('current_password_incorrect'))),
    new_password: field().pipe(
      z
        .string()
        .min(1, m('new_password_required'))
        .refine((v) => passwordLength(v) >= PASSWORD_MIN, m('new_password_too_short'))
        .refine((v) => passwordLength(v) <= PASSWORD_MAX, m('new_password_too_long')),
    ),
    confirm_password: field().pipe(z.string().min(1, m('confirm_password_required'))),
  })
  .superRefine((v, ctx) => {
    if (v.new_password && v.confirm_password && v.new_password !== v.confirm_password) {
      ctx.addIssue({ code: 'custom', path: ['confirm_password'], message: m('confirm_password_mismatch') });
    }
  });
export type PasswordForm = z.infer<typeof passwordForm>;

/**
 * A TOTP code as typed: NFKC turns full-width digits into ASCII ones, and spaces or a dash
 * (apps show «123 456») are dropped. Anything but 6 digits is a format error, not a wrong code,
 * so it does not count toward the lockout.
 */
export const totpForm = z.object({
  code: field()
    .transform((v) => v.normalize('NFKC').replace(/[\s-]/g, ''))
    .pipe(z.string().min(1, m('code_required')).regex(/^\d{6}$/, m('code_format'))),
});
export type TotpForm = z.infer<typeof totpForm>;

/** A repeated form field (checkboxes) as a list of strings, whatever formbody made of it. */
const list = () =>
  z.preprocess((v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : typeof v === 'string' && v !== '' ? [v] : []), z.array(z.string()));

const staffEmail = () =>
  field()
    .transform((v) => v.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, m('email_required'))
        .max(254, m('email_format'))
        .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, m('email_format')),
    );

/**
 * The details an administrator sets on a staff account (accounts.management.routes.tsx).
 * @param isRegion whether a code is one of the 13 regions (the gazetteer's): regions are kept
 *   only for a regional coordinator, who needs at least one; other roles see every region.
 */
export function staffDetailsForm(isRegion: (code: string) => boolean) {
  return z
    .object({
      name: field()
        .transform((v) => v.trim().replace(/\s+/g, ' '))
        .pipe(z.string().min(1, m('name_required')).max(200, m('name_too_long'))),
      role: field().pipe(z.enum(STAFF_ROLES, { message: m('role_required') })),
      language: field().pipe(z.enum(['el', 'en'], { message: m('language_required') })),
      regions: list(),
    })
    .superRefine((v, ctx) => {
      if (v.role !== 'regional_coordinator') return;
      if (v.regions.length === 0) ctx.addIssue({ code: 'custom', path: ['regions'], message: m('regions_required') });
      else if (!v.regions.every(isRegion)) ctx.addIssue({ code: 'custom', path: ['regions'], message: m('regions_invalid') });
    })
    .transform((v) => ({ ...v, regions: v.role === 'regional_coordinator' ? [...new Set(v.regions)].sort() : [] }));
}
export type StaffDetailsForm = z.infer<ReturnType<typeof staffDetailsForm>>;

/** A new staff account: the details plus the email it signs in with. */
export function newStaffForm(isRegion: (code: string) => boolean) {
  return z.object({ email: staffEmail() }).and(staffDetailsForm(isRegion));
}
export type NewStaffForm = z.infer<ReturnType<typeof newStaffForm>>;

/** One error per field (the first), as `{ field, key }`, in the form's field order. */
export function fieldErrors(error: z.ZodError): { field: string; key: AccountMessageKey }[] {
  const seen = new Set<string>();
  const out: { field: string; key: AccountMessageKey }[] = [];
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '');
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ field: name, key: issue.message as AccountMessageKey });
  }
  return out;
}
