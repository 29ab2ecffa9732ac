// The owner hears of every change to their sign-in, in the change's own transaction (the outbox),
// so that a change they did not make does not go unnoticed.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client';
import { now } from '../clock';
import { enqueueMail } from '../mail/outbox';
import type { AccountSecurityEvent } from '../mail/templates';

export function tellOwner(tx: Tx, user: { email: string; orgId: string | null }, event: AccountSecurityEvent, address: string | null) {
  return enqueueMail(tx, [{
    key: `account_security:${randomUUID()}`, recipient: user.email, orgId: user.orgId,
    payload: { kind: 'account_security', event, at: now().toISOString(), address },
  }]);
}
