// HTTP for administrators' staff management under /staff/accounts. Every route requires
// 'staff.manage' (accounts.policy); each handler parses, calls one management service function
// and renders or redirects. One-time passwords are shown in the POST's own response, never
// carried in a URL or stored.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { sendPage } from '../../platform/http/index.js';
import { translator } from '../../platform/i18n/index.js';
import type { FieldError } from '../../platform/views/components.js';
import type { Gazetteer } from '../geography/index.js';
import { requireStaff, signedInStaff, staffChrome } from './accounts.hooks.js';
import {
  createStaffAccount,
  getStaffAccount,
  listStaffAccounts,
  resetStaffSignIn,
  setStaffAccountDisabled,
  updateStaffAccount,
  type StaffAccount,
} from './accounts.management.service.js';
import { accountMessages, type AccountMessageKey } from './accounts.messages.js';
import { fieldErrors, newStaffForm, staffDetailsForm } from './accounts.schemas.js';
import { AccountsPage } from './views/accounts.js';
import { EditAccountPage, NewAccountPage, OneTimePasswordPage, type AccountFormValues } from './views/account.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The confirmations a redirect may ask the account page to show (`?done=`): a fixed list, so a link cannot put words on the page. */
const DONE: Record<string, AccountMessageKey> = { saved: 'done_saved', disabled: 'done_disabled', enabled: 'done_enabled' };

/** What the form sent, to show it again after an error (strings only; anything else is dropped). */
function typedValues(body: unknown): AccountFormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const regions = Array.isArray(b.regions) ? b.regions.filter((r): r is string => typeof r === 'string') : typeof b.regions === 'string' ? [b.regions] : [];
  return { email: str(b.email).trim(), name: str(b.name), role: str(b.role), language: str(b.language), regions };
}

function accountValues(a: StaffAccount): AccountFormValues {
  return { name: a.name, role: a.role, language: a.language, regions: a.regions };
}

/**
 * GET /staff/accounts, GET /staff/accounts/new, POST /staff/accounts (create),
 * GET/POST /staff/accounts/:id (edit), POST /staff/accounts/:id/disable | enable | reset-sign-in.
 * An unknown or malformed :id is a 404. Registered by accountRoutes.
 */
export async function staffManagementRoutes(app: FastifyInstance, opts: { ctx: AppContext; gazetteer: Gazetteer }): Promise<void> {
  const { ctx, gazetteer } = opts;
  const guard = requireStaff(app, ctx, { action: 'staff.manage' });
  const isRegion = (code: string) => gazetteer.isRegion(code);
  const newForm = newStaffForm(isRegion);
  const detailsForm = staffDetailsForm(isRegion);
  const post = { preValidation: app.csrfProtection, preHandler: guard };

  const toErrors = (lang: 'el' | 'en', errors: { field: string; key: AccountMessageKey; href?: string }[]): FieldError[] => {
    const t = translator(accountMessages, lang);
    return errors.map((e) => ({ field: e.field, message: t(e.key), ...(e.href ? { href: e.href } : {}) }));
  };

  const accountOr404 = async (req: FastifyRequest): Promise<StaffAccount> => {
    const { id } = req.params as { id: string };
    const account = UUID.test(id) ? await getStaffAccount(ctx, id) : null;
    if (!account) throw new AppError('not_found');
    return account;
  };

  const renderEdit = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    account: StaffAccount,
    extra: { values?: AccountFormValues; errors?: FieldError[]; notice?: string } = {},
  ) =>
    sendPage(
      reply,
      status,
      <EditAccountPage
        chrome={staffChrome(ctx, req, reply)}
        account={account}
        values={extra.values ?? accountValues(account)}
        errors={extra.errors}
        notice={extra.notice}
        gazetteer={gazetteer}
      />,
    );

  app.get('/staff/accounts', { preHandler: guard }, async (req, reply) => {
    const accounts = await listStaffAccounts(ctx);
    return sendPage(reply, 200, <AccountsPage chrome={staffChrome(ctx, req, reply)} accounts={accounts} gazetteer={gazetteer} />);
  });

  app.get('/staff/accounts/new', { preHandler: guard }, async (req, reply) => {
    const values: AccountFormValues = { email: '', name: '', role: '', language: signedInStaff(req).language, regions: [] };
    return sendPage(reply, 200, <NewAccountPage chrome={staffChrome(ctx, req, reply)} values={values} gazetteer={gazetteer} />);
  });

  app.post('/staff/accounts', post, async (req, reply) => {
    const admin = signedInStaff(req);
    const render = (errors: FieldError[]) =>
      sendPage(reply, 422, <NewAccountPage chrome={staffChrome(ctx, req, reply)} values={typedValues(req.body)} errors={errors} gazetteer={gazetteer} />);
    const parsed = newForm.safeParse(req.body ?? {});
    if (!parsed.success) return render(toErrors(admin.language, fieldErrors(parsed.error)));
    const result = await createStaffAccount(ctx, admin, parsed.data);
    if (!result.ok) return render(toErrors(admin.language, [{ field: 'email', key: 'email_taken' }]));
    return sendPage(
      reply,
      200,
      <OneTimePasswordPage chrome={staffChrome(ctx, req, reply)} kind="created" accountId={result.id} name={parsed.data.name} password={result.oneTimePassword} />,
    );
  });

  app.get('/staff/accounts/:id', { preHandler: guard }, async (req, reply) => {
    const account = await accountOr404(req);
    const done = (req.query as Record<string, unknown>).done;
    const key = typeof done === 'string' ? DONE[done] : undefined;
    const notice = key ? translator(accountMessages, signedInStaff(req).language)(key) : undefined;
    return renderEdit(req, reply, 200, account, { notice });
  });

  app.post('/staff/accounts/:id', post, async (req, reply) => {
    const admin = signedInStaff(req);
    const account = await accountOr404(req);
    const parsed = detailsForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      return renderEdit(req, reply, 422, account, { values: typedValues(req.body), errors: toErrors(admin.language, fieldErrors(parsed.error)) });
    }
    const result = await updateStaffAccount(ctx, admin, account.id, parsed.data);
    if (!result.ok && result.error === 'not_found') throw new AppError('not_found');
    if (!result.ok) {
      return renderEdit(req, reply, 422, account, {
        values: typedValues(req.body),
        errors: toErrors(admin.language, [{ field: 'role', key: 'last_administrator' }]),
      });
    }
    return reply.redirect(`/staff/accounts/${account.id}?done=saved`, 303);
  });

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/staff/accounts/:id/${path}`, post, async (req, reply) => {
      const admin = signedInStaff(req);
      const account = await accountOr404(req);
      const result = await setStaffAccountDisabled(ctx, admin, account.id, disabled);
      if (!result.ok && result.error === 'not_found') throw new AppError('not_found');
      if (!result.ok) {
        return renderEdit(req, reply, 422, account, {
          errors: toErrors(admin.language, [{ field: 'access', key: 'last_administrator', href: '#access' }]),
        });
      }
      return reply.redirect(`/staff/accounts/${account.id}?done=${disabled ? 'disabled' : 'enabled'}`, 303);
    });
  }

  app.post('/staff/accounts/:id/reset-sign-in', post, async (req, reply) => {
    const admin = signedInStaff(req);
    const account = await accountOr404(req);
    const result = await resetStaffSignIn(ctx, admin, account.id);
    if (!result.ok) throw new AppError('not_found');
    // The admin who reset their own sign-in has just ended their own session: the page still
    // shows the password, and the next click leads to the sign-in page.
    return sendPage(
      reply,
      200,
      <OneTimePasswordPage chrome={staffChrome(ctx, req, reply)} kind="reset" accountId={account.id} name={result.name} password={result.oneTimePassword} />,
    );
  });
}
