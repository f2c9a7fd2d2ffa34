// Assertions on rendered pages whose failure messages say what was looked for (assert.ok on a
// bare expression makes Node re-parse the test's source to describe it, slowly under tsx).
import assert from 'node:assert/strict';

export function assertIncludes(html: string, text: string, why?: string): void {
  assert.ok(html.includes(text), `${why ? `${why}: ` : ''}expected the page to include ${JSON.stringify(text)}`);
}

export function assertExcludes(html: string, text: string, why?: string): void {
  assert.ok(!html.includes(text), `${why ? `${why}: ` : ''}expected the page not to include ${JSON.stringify(text)}`);
}
