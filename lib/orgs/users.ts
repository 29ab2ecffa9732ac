import { z } from 'zod';
import { db, transaction, Prisma } from '../db/client';
import { appendAudit } from '../audit/append-audit';
import { hashPassword } from '../auth/password';
import { requireRole, type Actor } from '../auth/actor';
import { fail } from '../errors';
import { createUserInput } from './schemas';

export async function createUser(actor: Actor, input: z.infer<typeof createUserInput>) {
  requireRole(actor, 'operator');
  if (input.role !== 'operator' && !input.orgId) fail('validation_failed', `The role ${input.role} needs an organization (--org).`);
  if (input.role === 'operator' && input.orgId) fail('validation_failed', 'Operators belong to no organization.');
  const passwordHash = await hashPassword(input.password);
  try {
    return await transaction(async (tx) => {
      if (input.orgId && !(await tx.organization.findUnique({ where: { id: input.orgId } }))) {
        fail('not_found', `Organization ${input.orgId} not found.`);
      }
      const user = await tx.user.create({ data: { email: input.email, passwordHash, role: input.role, orgId: input.orgId ?? null } });
      await appendAudit(tx, actor, { action: 'user.create', objectType: 'user', objectId: user.id, orgId: user.orgId, details: { email: user.email, role: user.role } });
      return { id: user.id, email: user.email, role: user.role, orgId: user.orgId };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return fail('already_exists', `A user with the e-mail ${input.email} already exists.`);
    }
    throw error;
  }
}

export async function findUserByEmail(email: string) {
  return db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
}

export async function setReminderPreference(actor: Actor, enabled: boolean) {
  return transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { remindersEnabled: enabled } });
    await appendAudit(tx, actor, { action: 'user.reminders', objectType: 'user', objectId: actor.userId, details: { enabled } });
  });
}
