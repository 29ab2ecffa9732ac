// npm run bench:signatures — RFC 9421 verification of ecdsa-p256-sha256 requests: ours
// (lib/signatures verifyMessage: parse both fields, rebuild the base, check Content-Digest,
// verify) against npm http-message-signatures and against the bare crypto.verify of the same
// bases (the ceiling), alternating in one run. Targets: ≥ 0.8 of the ceiling, ≥ 1.5× the library.
// A fourth loop measures the least any verifier must do besides the ECDSA check (parse both
// fields with our fast parser, SHA-256 the body, turn a ready-made base into bytes): it bounds
// what is attainable against the library, whoever writes the verifier.
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { createVerifier, httpbis } from 'http-message-signatures';
import { contentDigest } from '../lib/signatures/content-digest';
import { fastParseDictionary } from '../lib/signatures/fast-parse';
import { fieldValues, request, type HttpRequest } from '../lib/signatures/message';
import { signMessage } from '../lib/signatures/sign';
import { verifyMessage } from '../lib/signatures/verify';

const N = Number(process.env.BENCH_N ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
// Five short alternating rounds; every figure below is the median of the rounds' ratios, each
// round's four loops run back to back (a shared machine drifts between rounds).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const now = Math.floor(Date.now() / 1000);

type Case = { ours: HttpRequest; lib: { method: string; url: string; headers: Record<string, string> }; base: Buffer; baseText: string; signature: Buffer; input: string; signatureField: string };
const cases: Case[] = Array.from({ length: N }, (_, i) => {
  const body = JSON.stringify({ amount: `${i}.00`, currency: 'EUR', creditor: 'DE89370400440532013000', reference: `inv-${i}` });
  const message = request('POST', `https://sandbox.trustgate.test:8443/sandbox/v1/payments?n=${i}`, { Host: 'sandbox.trustgate.test:8443', 'Content-Type': 'application/json', 'Content-Digest': contentDigest(body), 'Idempotency-Key': `key-${i}` }, body);
  const signed = signMessage(message, { components: ['@method', '@target-uri', '@authority', 'content-type', 'content-digest', 'idempotency-key'], params: { created: now, keyid: 'bench', alg: 'ecdsa-p256-sha256' }, key: privateKey, algorithm: 'ecdsa-p256-sha256' });
  return {
    ours: message, lib: { method: 'POST', url: message.url.href, headers: Object.fromEntries(message.headers) }, base: Buffer.from(signed.base), baseText: signed.base,
    signature: Buffer.from(signed.signature), input: fieldValues(message, 'signature-input')[0], signatureField: fieldValues(message, 'signature')[0],
  };
});

async function rate(fn: (c: Case) => unknown | Promise<unknown>): Promise<number> {
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) await fn(cases[n++ % N]);
  }
  return n / SECONDS;
}

const libVerifier = createVerifier(publicKey, 'ecdsa-p256-sha256');
const keyLookup = async () => ({ id: 'bench', algs: ['ecdsa-p256-sha256'], verify: libVerifier });

const runs = { ceiling: [] as number[], ours: [] as number[], library: [] as number[], floor: [] as number[] };
const floorVerify = (c: Case) => {
  fastParseDictionary(c.input);
  const signature = fastParseDictionary(c.signatureField)!.get('sig1')![0] as ArrayBuffer;
  createHash('sha256').update(c.ours.body!).digest();
  return verify('sha256', Buffer.from(c.baseText), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature));
};
// Sanity: all three accept every request before anything is timed.
for (const c of cases.slice(0, 20)) {
  if (!verify('sha256', c.base, { key: publicKey, dsaEncoding: 'ieee-p1363' }, c.signature)) throw new Error('ceiling rejects');
  if (!verifyMessage(c.ours, { key: publicKey, now }).valid) throw new Error('ours rejects');
  if ((await httpbis.verifyMessage({ keyLookup }, c.lib)) !== true) throw new Error('library rejects');
  if (!floorVerify(c)) throw new Error('floor rejects');
}
for (let round = 1; round <= ROUNDS; round++) {
  runs.ceiling.push(await rate((c) => verify('sha256', c.base, { key: publicKey, dsaEncoding: 'ieee-p1363' }, c.signature)));
  runs.ours.push(await rate((c) => verifyMessage(c.ours, { key: publicKey, now, require: { contentDigestWithBody: true } }).valid));
  runs.library.push(await rate((c) => httpbis.verifyMessage({ keyLookup }, c.lib)));
  runs.floor.push(await rate(floorVerify));
  console.log(`round ${round}: ceiling ${runs.ceiling.at(-1)!.toFixed(0)}/s, ours ${runs.ours.at(-1)!.toFixed(0)}/s, http-message-signatures ${runs.library.at(-1)!.toFixed(0)}/s, least work ${runs.floor.at(-1)!.toFixed(0)}/s`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [ceiling, ours, library, floor] = [median(runs.ceiling), median(runs.ours), median(runs.library), median(runs.floor)];
const ratio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]));
const [ofCeiling, ofLibrary, floorOfLibrary] = [ratio(runs.ours, runs.ceiling), ratio(runs.ours, runs.library), ratio(runs.floor, runs.library)];
const us = (rate: number) => 1e6 / rate;
console.log('\nRFC 9421 verification, ecdsa-p256-sha256, 6 covered components + Content-Digest check, one core (medians of the rounds)');
console.log(`  bare crypto.verify (ceiling)   ${ceiling.toFixed(0)} /s`);
console.log(`  trustgate lib/signatures       ${ours.toFixed(0)} /s  = ${ofCeiling.toFixed(2)} of the ceiling (target ≥ 0.80): ${ofCeiling >= 0.8 ? 'met' : 'NOT met'}`);
console.log(`  http-message-signatures 1.0.6  ${library.toFixed(0)} /s  → ours is ${ofLibrary.toFixed(2)}× (target ≥ 1.5×): ${ofLibrary >= 1.5 ? 'met' : 'NOT met'}`);
console.log(`  least work besides ECDSA       ${floor.toFixed(0)} /s  = ${floorOfLibrary.toFixed(2)}× the library: the bound for any verifier that parses both fields and hashes the body`);
console.log(`  per request besides the ECDSA call: 1.5× the library leaves ${(us(1.5 * library) - us(ceiling)).toFixed(1)} µs; ours spends ${(us(ours) - us(ceiling)).toFixed(1)} µs, the least work ${(us(floor) - us(ceiling)).toFixed(1)} µs`);
