// 5,000 mutated CSRs over HTTP: every answer is a 2xx/4xx with an error code, never a 5xx,
// and the server is still healthy afterwards.
import { randomBytes, randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, makeCsr, seedTenant } from '../helpers';

const COUNT = 5000;
const CONCURRENCY = 8;

function mutate(seed: Uint8Array, i: number): Uint8Array {
  const bytes = Buffer.from(seed);
  switch (i % 6) {
    case 0: { // bit flips
      for (let n = randomInt(1, 9); n > 0; n -= 1) bytes[randomInt(bytes.length)] ^= 1 << randomInt(8);
      return bytes;
    }
    case 1: // truncation
      return bytes.subarray(0, randomInt(bytes.length));
    case 2: // random DER-looking bytes
      return Buffer.concat([Buffer.from([0x30, 0x82]), randomBytes(randomInt(0, 2000))]);
    case 3: { // a huge length prefix somewhere
      const at = randomInt(bytes.length - 6);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xf0]), bytes.subarray(at)]);
    }
    case 4: // trailing garbage
      return Buffer.concat([bytes, randomBytes(randomInt(1, 64))]);
    default: { // byte substitutions in the TLV headers
      for (let n = randomInt(1, 4); n > 0; n -= 1) bytes[randomInt(Math.min(bytes.length, 40))] = randomInt(256);
      return bytes;
    }
  }
}

let token: string;
let seed: Uint8Array;

beforeAll(async () => {
  const tenant = await seedTenant('fuzz');
  token = tenant.engineer.token;
  seed = (await makeCsr(tenant.org.id, 'P-256')).der;
});

describe('CSR fuzzing', () => {
  it(`${COUNT} mutated CSRs never produce a 5xx`, async () => {
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    let next = 0;
    async function worker() {
      while (next < COUNT) {
        const i = next++;
        const body = mutate(seed, i);
        const asPem = i % 5 === 0;
        const res = asPem
          ? await api('/api/v1/csrs', { token, json: { csr: `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from(body).toString('base64')}\n-----END CERTIFICATE REQUEST-----` } })
          : await api('/api/v1/csrs', { token, body: Buffer.from(body), headers: { 'content-type': 'application/pkcs10' } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) serverErrors.push(`${i}: ${res.status} ${res.text.slice(0, 200)}`);
        else if (res.status >= 400) expect(res.body.error.code).toMatch(/^[a-z_]+$/);
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log('fuzz statuses', Object.fromEntries(statuses));
    expect(serverErrors).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(COUNT);
    expect((await api('/api/health')).body).toEqual({ status: 'ok' });
  }, 600_000);
});
