/**
 * A supplier match thread: holds the matchers of the tenants the request thread built here and
 * matches names with them (threads.ts); each answer leaves as its JSON text (answer-json.ts). Messages are handled one at a time, in order,
 * so a match sent after a build uses that build or a newer one.
 */
import { parentPort } from 'node:worker_threads';
import { matcherOf, type TenantSupplierMatcher } from '../../store/supplier-index-cache.ts';
import { matchAnswer } from './answer-json.ts';
import type { FromMatchThread, ToMatchThread } from './thread-messages.ts';

const port = parentPort!;
const matchers = new Map<string, TenantSupplierMatcher>();
const post = (m: FromMatchThread) => port.postMessage(m);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

port.on('message', (m: ToMatchThread) => {
  switch (m.kind) {
    case 'build':
      try {
        matchers.delete(m.tenantId);
        matchers.set(m.tenantId, matcherOf(m.input));
        post({ kind: 'built', id: m.id });
      } catch (err) {
        post({ kind: 'failed', id: m.id, message: messageOf(err) });
      }
      return;
    case 'match': {
      const matcher = matchers.get(m.tenantId);
      if (matcher === undefined) {
        post({ kind: 'failed', id: m.id, message: `no matcher for tenant ${m.tenantId}`, notHeld: true });
        return;
      }
      try {
        post({ kind: 'matched', id: m.id, answers: matcher.matchNamed(m.mentions, { autoMatchThreshold: m.autoMatchThreshold }).map(matchAnswer) });
      } catch (err) {
        post({ kind: 'failed', id: m.id, message: messageOf(err) });
      }
      return;
    }
    case 'drop':
      matchers.delete(m.tenantId);
      return;
    case 'close':
      // The thread ends once its port is closed (its exit handlers run: a CPU profile is written then).
      port.close();
      return;
  }
});
