// A browser-like client over app.inject: keeps cookies, reads each page's CSRF token, posts forms.
import type { FastifyInstance } from 'fastify';

export type Page = { status: number; url: string; body: string; headers: Record<string, unknown> };
export type Fields = Record<string, string | string[] | undefined>;

export function encodeForm(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  }
  return params.toString();
}

/** The value of the first hidden `_csrf` input on a page. */
export function csrfOf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

export class FormClient {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  last: Page | undefined;

  constructor(readonly app: FastifyInstance, readonly headers: Record<string, string> = {}) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: { statusCode: number; body: string; headers: Record<string, unknown> }, url: string): Page {
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [String(set)] : []) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const page = { status: res.statusCode, url, body: res.body, headers: res.headers };
    const token = csrfOf(res.body);
    if (token) this.csrf = token;
    this.last = page;
    return page;
  }

  async get(url: string): Promise<Page> {
    const res = await this.app.inject({ method: 'GET', url, headers: { ...this.headers, cookie: this.cookieHeader() } });
    return this.keep(res, url);
  }

  /** Posts a form with the current CSRF token (unless `_csrf` is given). Does not follow redirects. */
  async post(url: string, fields: Fields = {}): Promise<Page> {
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.headers, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: encodeForm({ _csrf: this.csrf, ...fields }),
    });
    return this.keep(res, url);
  }

  /** Posts, then follows a 303 with a GET, as a browser does. */
  async submit(url: string, fields: Fields = {}): Promise<Page> {
    const page = await this.post(url, fields);
    if (page.status === 303 || page.status === 302) return this.get(String(page.headers.location));
    return page;
  }
}
