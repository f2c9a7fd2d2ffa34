// The ceiling of this machine for a final submission: a bare Fastify route that runs the same
// database transaction as submitOffer (offers.service.ts) — it calls the same writeSubmission —
// and nothing else: no cookies, CSRF, rate limit, draft loading, validation, rendering or
// request logging. Run as its own process by bench/launch-day/index.ts; the service's rate is
// printed as a ratio of this one's.
// Environment: DATABASE_URL, PORT, DATABASE_POOL_SIZE, and the service's own (loadConfig) for the email.
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { todayInAthens, validateDraft, type DraftAnswers } from '../../src/modules/offers/index.js';
import { writeSubmission, type SubmissionInput } from '../../src/modules/offers/offers.service.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/platform/context.js';
import { loadGazetteer } from '../../src/modules/geography/index.js';
import { openDatabase } from '../../src/platform/db/database.js';

type Prepared = SubmissionInput;

/** submitOffer's transaction, the very function it runs, for an already validated draft. */
export async function submitTransaction(ctx: AppContext, p: Prepared, now: Date): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => (await writeSubmission(trx, ctx, p, now)).reference);
}

export async function main(): Promise<void> {
  const database = await openDatabase({ engine: 'postgres', url: process.env.DATABASE_URL!, poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const gazetteer = await loadGazetteer(database.db);
  const ctx: AppContext = { db: database.db, engine: 'postgres', config: loadConfig(), clock: { now: () => new Date() } };
  // Every draft ready to submit, validated before the clock starts: the route does only the transaction.
  const today = todayInAthens(new Date());
  const prepared = new Map<string, Prepared>();
  for (const row of await database.db.selectFrom('drafts').select(['token_hash', 'answers', 'language']).where('offer_id', 'is', null).execute()) {
    const answers = row.answers as DraftAnswers;
    const v = validateDraft(answers, today, gazetteer);
    if (v.ok) prepared.set(row.token_hash, { tokenHash: row.token_hash, answers, language: row.language, offer: v.offer });
  }
  const app = Fastify({ logger: false });
  app.post<{ Params: { token: string } }>('/submit/:token', async (req, reply) => {
    const p = prepared.get(createHash('sha256').update(req.params.token).digest('hex'));
    if (!p) return reply.code(404).send('no such draft');
    const reference = await submitTransaction(ctx, p, new Date());
    return reply.code(303).header('location', `/done/${reference}`).send();
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
  console.log(`ceiling ready: ${prepared.size} drafts`);
  process.on('SIGTERM', () => void app.close().then(() => database.close()).then(() => process.exit(0)));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
