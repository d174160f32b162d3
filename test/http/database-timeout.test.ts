/** A query ended by PostgreSQL's statement_timeout (57014) answers 503 with Retry-After, not 500. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/http/plugins/errors.ts';

describe('a statement timeout', () => {
  it('is 503 DATABASE_TIMEOUT problem+json with Retry-After', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    app.get('/slow', async () => {
      // What node-postgres rejects with when statement_timeout cancels the statement.
      throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    });
    const res = await app.inject('/slow');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ status: 503, code: 'DATABASE_TIMEOUT' });
    await app.close();
  });
});
