// The console's request as something an engineer runs with their own certificate and key:
// a curl command (which cannot sign, so it shows the headers to add) and a Node.js program
// that signs exactly as the sandbox checks.
import type { Header } from '../signatures/message';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function consoleSnippets(req: { method: string; url: string; headers: Header[]; body?: string }) {
  const curl = [
    `curl -sS -X ${req.method} ${shellQuote(req.url)}`,
    '  --cacert ca.pem --cert client-cert.pem --key client-key.pem',
    '  -H "Authorization: Bearer $ACCESS_TOKEN"',
    ...req.headers.map(([n, v]) => `  -H ${shellQuote(`${n}: ${v}`)}`),
    '  -H "Content-Digest: $CONTENT_DIGEST" -H "Signature-Input: $SIGNATURE_INPUT" -H "Signature: $SIGNATURE"',
    ...(req.body ? [`  --data-binary ${shellQuote(req.body)}`] : []),
  ].join(' \\\n');
  const node = `// node sign-and-send.mjs — Node.js 20+, no dependencies. Uses your certificate and key.
import { createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';

const cert = readFileSync('client-cert.pem'), key = readFileSync('client-key.pem'), ca = readFileSync('ca.pem');
const url = new URL(${JSON.stringify(req.url)});
const method = ${JSON.stringify(req.method)};
const body = ${req.body ? JSON.stringify(req.body) : 'undefined'};
const headers = { ...${JSON.stringify(Object.fromEntries(req.headers))}, authorization: 'Bearer ' + process.env.ACCESS_TOKEN };
const covered = ['"@method"', '"@target-uri"'];
const lines = [\`"@method": \${method}\`, \`"@target-uri": \${url.href}\`];
if (body) {
  headers['content-digest'] = 'sha-256=:' + createHash('sha256').update(body).digest('base64') + ':';
  covered.push('"content-digest"'); lines.push(\`"content-digest": \${headers['content-digest']}\`);
}
const idem = Object.entries(headers).find(([n]) => n.toLowerCase() === 'idempotency-key');
if (idem) { covered.push('"idempotency-key"'); lines.push(\`"idempotency-key": \${idem[1]}\`); }
const keyid = createHash('sha256').update(new X509Certificate(cert).raw).digest('hex');
const params = \`(\${covered.join(' ')});created=\${Math.floor(Date.now() / 1000)};keyid="\${keyid}"\`;
lines.push(\`"@signature-params": \${params}\`);
const pkey = createPrivateKey(key);
// RFC 9421 section 3.3: ECDSA as raw r||s; P-384 keys use SHA-384; Ed25519 takes no digest.
const curve = pkey.asymmetricKeyDetails?.namedCurve;
const hash = pkey.asymmetricKeyType === 'ed25519' ? null : curve === 'secp384r1' ? 'sha384' : 'sha256';
const signature = sign(hash, Buffer.from(lines.join('\\n')), { key: pkey, dsaEncoding: 'ieee-p1363' });
headers['signature-input'] = 'sig1=' + params;
headers['signature'] = 'sig1=:' + signature.toString('base64') + ':';
const req = https.request(url, { method, headers, cert, key, ca }, (res) => {
  let out = ''; res.on('data', (d) => (out += d)); res.on('end', () => console.log(res.statusCode, out));
});
req.end(body);
`;
  return { curl, node };
}
