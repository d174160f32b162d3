/** A command meets a data directory another process holds: through the server when it is one, else a clear refusal. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findServer, publishServer, withDatabase } from '../../src/cli/server-link.ts';
import { loadConfig } from '../../src/config.ts';

describe('withDatabase on a data directory another process holds', () => {
  let dir: string;
  let holder: ChildProcess;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'greenline-link-'));
    // A live process that is not a greenline server holds the lock.
    holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    writeFileSync(join(dir, 'greenline.lock'), String(holder.pid));
  });
  afterEach(() => {
    holder.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const never = async () => {
    throw new Error('must not run');
  };

  it('refuses with the holder named when it has not published itself as a server', async () => {
    const config = loadConfig({ GREENLINE_DATA_DIR: dir });
    await expect(withDatabase(config, { local: never, server: never })).rejects.toThrow(
      `the embedded database in ${dir} is in use by process ${holder.pid}, which is not a running greenline server; wait for it to finish`,
    );
  });

  it('goes through the server that published itself, and only that one', async () => {
    const config = loadConfig({ GREENLINE_DATA_DIR: dir });
    // Published by this process: a different pid from the lock's owner, so it is not the holder.
    const unpublish = publishServer(dir, 'secret', '0.0.0.0', 3999);
    expect(findServer(dir)).toEqual({ pid: process.pid, url: 'http://127.0.0.1:3999', token: 'secret' });
    await expect(withDatabase(config, { local: never, server: never })).rejects.toThrow(/which is not a running greenline server/);
    unpublish();
    expect(findServer(dir)).toBeNull();
    // The holder as the publisher: the command goes through it.
    writeFileSync(join(dir, 'greenline.server.json'), JSON.stringify({ pid: holder.pid, url: 'http://[::1]:3999', token: 't' }));
    const through = await withDatabase(config, { local: never, server: async (link) => link.address.url });
    expect(through).toBe('http://[::1]:3999');
  });
});
