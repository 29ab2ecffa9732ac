// The reminder schedule of a certificate, written in the transaction that issues, replaces or
// revokes it (lib/pki), read and advanced by the scan (./scan.ts).
import type { Tx } from '../db/client';
import { config } from '../config';
import { firstReminderAt } from './plan';

export async function scheduleReminders(tx: Tx, certificateId: string, notAfter: Date): Promise<void> {
  const dueAt = firstReminderAt(notAfter, config().reminderThresholds);
  if (dueAt) await tx.reminderSchedule.create({ data: { certificateId, dueAt } });
}

/** A replaced or revoked certificate gets no more reminders. */
export async function cancelReminders(tx: Tx, certificateId: string): Promise<void> {
  await tx.reminderSchedule.deleteMany({ where: { certificateId } });
}
