// RFC 9530 Content-Digest: the one-digest shortcut and the full dictionary path must agree.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkContentDigest, contentDigest } from './content-digest';

const body = '{"amount":"12.00","currency":"EUR"}';
const b64 = (alg: string, text: string) => createHash(alg).update(text).digest('base64');

describe('checkContentDigest', () => {
  it('accepts one sha-256 or sha-512 digest of the body, and both together', () => {
    expect(checkContentDigest(contentDigest(body), body)).toEqual({ ok: true, algorithms: ['sha-256'] });
    expect(checkContentDigest(contentDigest(body, ['sha-512']), body)).toEqual({ ok: true, algorithms: ['sha-512'] });
    expect(checkContentDigest(contentDigest(body, ['sha-256', 'sha-512']), body)).toEqual({ ok: true, algorithms: ['sha-256', 'sha-512'] });
  });

  it('names the mismatch and the right value, whichever member is wrong', () => {
    const wrong = checkContentDigest(contentDigest('other'), body);
    expect(wrong).toMatchObject({ ok: false, code: 'content_digest_mismatch', expected: contentDigest(body) });
    const second = checkContentDigest(`sha-256=:${b64('sha256', body)}:, sha-512=:${b64('sha512', 'other')}:`, body);
    expect(second).toMatchObject({ ok: false, code: 'content_digest_mismatch' });
  });

  it('decides by bytes, not by spelling: parameters and unknown algorithms go through the full parser', () => {
    expect(checkContentDigest(`sha-256=:${b64('sha256', body)}:;x=1`, body)).toEqual({ ok: true, algorithms: ['sha-256'] });
    expect(checkContentDigest(`md5=:AAAA:, sha-256=:${b64('sha256', body)}:`, body)).toEqual({ ok: true, algorithms: ['sha-256'] });
    expect(checkContentDigest('md5=:AAAA:', body)).toMatchObject({ ok: false, code: 'content_digest_unsupported' });
    expect(checkContentDigest('sha-256=abc', body)).toMatchObject({ ok: false, code: 'content_digest_invalid' });
  });
});
