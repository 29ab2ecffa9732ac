// First run: while no operator exists, /setup creates one, guarded by a one-time token that
// only the server log shows. The token's hash lives in the database so any instance can check it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { db, transaction } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { fail } from '../errors';
import { emailSchema, passwordSchema } from '../orgs/schemas';
import { hashToken } from './api-tokens';
import { hashPassword } from './password';

const SETUP_KEY = 'setup_token_hash';
export const setupInput = z.object({ setupToken: z.string().min(1).max(200), email: emailSchema, password: passwordSchema });

export async function needsSetup(): Promise<boolean> {
  return (await db().user.count({ where: { role: 'operator' } })) === 0;
}

/** Issues a fresh setup token if no operator exists; returns it for the server log, else null. */
export async function issueSetupToken(): Promise<string | null> {
  if (!(await needsSetup())) return null;
  const token = randomBytes(24).toString('base64url');
  await db().setting.upsert({ where: { key: SETUP_KEY }, create: { key: SETUP_KEY, value: hashToken(token) }, update: { value: hashToken(token) } });
  return token;
}

export async function completeSetup(input: z.infer<typeof setupInput>, address: string | null) {
  const passwordHash = await hashPassword(input.password);
  return transaction(async (tx) => {
    // Lock the setting row: two concurrent setups cannot both pass the "no operator" check.
    const rows = await tx.$queryRaw<{ value: string }[]>`SELECT value FROM "Setting" WHERE key = ${SETUP_KEY} FOR UPDATE`;
    if (await tx.user.count({ where: { role: 'operator' } })) fail('setup_complete', 'Setup is already complete. Sign in instead.');
    const expected = Buffer.from(rows[0]?.value ?? '', 'hex');
    const actual = Buffer.from(hashToken(input.setupToken), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      fail('invalid_token', 'The setup token does not match the one printed in the server log.');
    }
    const user = await tx.user.create({ data: { email: input.email, passwordHash, role: 'operator' } });
    await tx.setting.delete({ where: { key: SETUP_KEY } });
    await appendAudit(tx, { userId: user.id, email: user.email, role: 'operator', orgId: null, address, via: 'session' }, {
      action: 'setup.complete', objectType: 'user', objectId: user.id,
    });
    return { email: user.email };
  });
}
