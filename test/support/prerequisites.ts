/**
 * Vitest global setup: before any test runs, check what `npm test` needs on this machine and name
 * whatever is missing in one line (README, "What the tests need"; `.ci/run` installs it all).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export default async function checkPrerequisites(): Promise<void> {
  const missing: string[] = [];
  const pg = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!(await reachable(pg.hostname, Number(pg.port || 5432)))) missing.push(`PostgreSQL on ${pg.hostname}:${pg.port || 5432}`);
  const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (!(await reachable(redis.hostname, Number(redis.port || 6379)))) missing.push(`Redis on ${redis.hostname}:${redis.port || 6379}`);
  if (!onPath('promtool')) missing.push("promtool (Debian's prometheus package)");
  if (!existsSync('/usr/bin/chromium')) missing.push("/usr/bin/chromium (Debian's chromium package)");
  if (missing.length > 0) {
    throw new Error(`npm test needs ${missing.join(', ')}: see README "What the tests need", or run .ci/run, which starts and installs them`);
  }
}
