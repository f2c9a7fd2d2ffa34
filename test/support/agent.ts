// A tiny browser for app.inject: keeps cookies between requests and fills in the CSRF token
// from the form it just fetched, the way a person's browser would.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

let agents = 0;

export class TestAgent {
  readonly cookies = new Map<string, string>();
  /** Each agent comes from its own address, as separate browsers would, so per-address rate limits apply per agent. */
  readonly remoteAddress: string;

  constructor(
    private readonly app: FastifyInstance,
    options: { remoteAddress?: string } = {},
  ) {
    agents += 1;
    this.remoteAddress = options.remoteAddress ?? `10.0.${Math.floor(agents / 250) % 250}.${(agents % 250) + 1}`;
  }

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: this.cookieHeader(), remoteAddress: this.remoteAddress }));
  }

  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      }),
    );
  }

  /** GETs `formUrl`, reads its `_csrf` field and POSTs `fields` with it to `action` (default: the same URL). */
  async submit(formUrl: string, fields: Record<string, string>, action = formUrl): Promise<LightMyRequestResponse> {
    const page = await this.get(formUrl);
    const token = csrfToken(page.body);
    return this.post(action, { _csrf: token, ...fields });
  }
}

/** The value of the page's first `_csrf` hidden input. */
export function csrfToken(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no _csrf field on the page');
  return m[1];
}
