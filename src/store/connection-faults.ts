/**
 * What node-postgres errors mean for the caller: the connection was lost (a restart's 57P01, a
 * reset socket), the server did not answer in time (our client-side timeout), or neither (bad SQL,
 * a constraint: the server answered). The first two become `DATABASE_UNAVAILABLE`, which the HTTP
 * layer answers with 503 and `Retry-After`; a lost connection under a read is retried once.
 */
import { StoreError } from './driver.ts';

/** pg's own message when `query_timeout` fires. */
const CLIENT_TIMEOUT = 'Query read timeout';
const LOST_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const LOST_MESSAGE = /Connection terminated|connection is closed|Client has encountered a connection error|terminating connection|timeout expired/i;

/** The connection went away under the statement (server restart, killed backend, reset socket). */
export function isLostConnection(err: unknown): boolean {
  if (err instanceof StoreError) return false; // already classified (e.g. a failed connect: never retried)
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (LOST_CODES.has(code) || code.startsWith('08'))) return true;
  return err instanceof Error && LOST_MESSAGE.test(err.message);
}

/** The server accepted the statement but did not answer within the client-side timeout. */
export function isClientTimeout(err: unknown): boolean {
  return err instanceof Error && err.message === CLIENT_TIMEOUT;
}

/** Whether the client must be discarded rather than returned to the pool. */
export function isBrokenConnection(err: unknown): boolean {
  return isLostConnection(err) || isClientTimeout(err);
}

/** A lost connection or a timeout as `DATABASE_UNAVAILABLE`; any other error as it is. */
export function asUnavailable(err: unknown, queryTimeoutMs: number | undefined): unknown {
  if (err instanceof StoreError) return err;
  if (isClientTimeout(err)) return new StoreError('DATABASE_UNAVAILABLE', `the database did not answer within ${queryTimeoutMs} ms`, { cause: err });
  if (isLostConnection(err)) return new StoreError('DATABASE_UNAVAILABLE', `the database connection was lost: ${(err as Error).message}`, { cause: err });
  return err;
}

const READ = /^\s*(select|with|show|values)\b/i;
const SIDE_EFFECT = /\b(insert|update|delete|merge|nextval|setval|pg_advisory\w*|pg_terminate_backend|pg_cancel_backend)\b/i;

/** A statement that only reads, so running it again after a lost connection changes nothing. */
export function isIdempotentRead(sql: string): boolean {
  return READ.test(sql) && !SIDE_EFFECT.test(sql);
}
