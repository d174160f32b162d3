import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, serializeEntry } from '../../src/cache/codec.ts';

const entry = { value: { activity: 'transport.road.truck_heavy', kgCo2e: 0.062 }, freshUntil: 2_000, staleUntil: 3_000, tags: ['factors'] };

describe('cache payload codec', () => {
  it('round-trips small entries as plain JSON and large ones compressed', async () => {
    const json = serializeEntry('k', entry);
    const plain = await encodePayload(json, 1_024);
    const compressed = await encodePayload(json, 10);
    expect([plain[0], compressed[0]]).toEqual([0x01, 0x02]);
    for (const payload of [plain, compressed]) expect(await decodePayload(payload)).toEqual({ entry, bytes: Buffer.byteLength(json) });
  });

  it('answers null for payloads it did not write', async () => {
    for (const payload of [
      Buffer.from('plain text'),
      Buffer.from('\x01null'),
      Buffer.from('\x01{"v":1}'),
      Buffer.from('\x02not brotli'),
      Buffer.from('\x01{broken'),
    ]) {
      expect(await decodePayload(payload)).toBeNull();
    }
  });
});
