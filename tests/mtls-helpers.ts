// Client identities for the mTLS tests: a key made here, a CSR, a certificate issued by the
// portal through its API; plus requests to the real listener.
import { KeyObject } from 'node:crypto';
import { inject } from 'vitest';
import { api, makeCsr, type KeyKind, type Member } from './helpers';
import { identityAgent, mtlsFetch, signSandboxRequest, type MtlsIdentity } from '../lib/sandbox/mtls-client';
import type { Header } from '../lib/signatures/message';

export const mtlsUrl = (path: string) => `https://localhost:${inject('mtlsPort')}${path}`;

export type Identity = MtlsIdentity & { certificateId: string; fingerprint: string; orgId: string };

export async function issueIdentity(member: Member, operator: Member, kind: KeyKind = 'P-256'): Promise<Identity> {
  const csr = await makeCsr(member.orgId!, kind);
  const submitted = await api('/api/v1/csrs', { token: member.token, json: { csr: csr.pem } });
  const approved = await api(`/api/v1/csrs/${submitted.body.id}/approve`, { token: operator.token, json: {} });
  if (approved.status !== 200) throw new Error(`issue: ${submitted.status} ${submitted.text} / ${approved.status} ${approved.text}`);
  const certificate = approved.body.certificate;
  const certPem = (await api(`/api/v1/certificates/${certificate.id}/pem`, { token: member.token })).text;
  const caPem = (await api('/pki/ca.pem')).text;
  const keyPem = KeyObject.from(csr.keys.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString();
  return { keyPem, certPem, caPem, certificateId: certificate.id, fingerprint: certificate.fingerprintSha256, orgId: member.orgId! };
}

export async function mtlsToken(identity: Identity, clientId: string) {
  const res = await mtlsFetch(mtlsUrl('/oauth/token'), {
    method: 'POST', headers: [['content-type', 'application/x-www-form-urlencoded']], body: `grant_type=client_credentials&client_id=${clientId}`,
  }, identityAgent(identity, false));
  if (res.status !== 200) throw new Error(`mTLS token: ${res.status} ${res.body}`);
  return JSON.parse(res.body.toString()) as { access_token: string };
}

export async function sandboxCall(identity: MtlsIdentity, init: { method: string; path: string; token?: string; body?: unknown; headers?: Header[]; tamper?: (h: Header[], body: string | undefined) => { headers: Header[]; body?: string } }) {
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers: Header[] = [...(init.headers ?? [])];
  if (init.token) headers.push(['Authorization', `Bearer ${init.token}`]);
  if (body) headers.push(['Content-Type', 'application/json']);
  const signed = signSandboxRequest(identity, { method: init.method, url: mtlsUrl(init.path), headers, body });
  const sent = init.tamper ? init.tamper(signed.headers, body) : { headers: signed.headers, body };
  const res = await mtlsFetch(mtlsUrl(init.path), { method: init.method, headers: sent.headers, body: sent.body }, identityAgent(identity, false));
  let json: any = null;
  try {
    json = JSON.parse(res.body.toString());
  } catch {
    json = res.body.toString();
  }
  return { status: res.status, body: json, tls: res.tls, headers: res.headers };
}
