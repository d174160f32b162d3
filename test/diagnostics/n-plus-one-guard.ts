/**
 * A vitest setup file for the N+1 false-positive check (docs/database-diagnostics.md): with it,
 * any N+1 the app reports during a test fails that test, and each file appends one line to
 * N_PLUS_ONE_GUARD_REPORT (default /tmp/n-plus-one-guard.jsonl): the requests it saw, the most
 * statements one request ran, the most repeats of one fingerprint and where. Run it with
 * `npx vitest run -c test/diagnostics/n-plus-one-guard.config.ts FILES…`.
 */
import { appendFileSync } from 'node:fs';
import { subscribe } from 'node:diagnostics_channel';
import { afterAll, afterEach, expect } from 'vitest';
import { N_PLUS_ONE_CHANNEL, type NPlusOneFinding, REQUEST_STATEMENTS_CHANNEL, type RequestStatements } from '../../src/http/plugins/n-plus-one.ts';

const findings: NPlusOneFinding[] = [];
const seen = { requests: 0, mostStatements: 0, mostStatementsRoute: '', mostRepeats: 0, mostRepeatsRoute: '', mostRepeatsQuery: '' };

subscribe(N_PLUS_ONE_CHANNEL, (message) => findings.push(message as NPlusOneFinding));
subscribe(REQUEST_STATEMENTS_CHANNEL, (message) => {
  const r = message as RequestStatements;
  seen.requests++;
  if (r.total > seen.mostStatements) Object.assign(seen, { mostStatements: r.total, mostStatementsRoute: `${r.method} ${r.route}` });
  if (r.mostRepeated && r.mostRepeated.count > seen.mostRepeats)
    Object.assign(seen, {
      mostRepeats: r.mostRepeated.count,
      mostRepeatsRoute: `${r.method} ${r.route}`,
      mostRepeatsQuery: r.mostRepeated.normalized.slice(0, 200),
    });
});

afterEach(() => {
  const flagged = findings.splice(0);
  expect(flagged, 'N+1 queries reported by the app').toEqual([]);
});

afterAll(() => {
  const file = expect.getState().testPath ?? 'unknown';
  appendFileSync(process.env.N_PLUS_ONE_GUARD_REPORT ?? '/tmp/n-plus-one-guard.jsonl', `${JSON.stringify({ file, ...seen })}\n`);
});
