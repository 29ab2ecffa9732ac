// The reminder schedule of a certificate: its first row is written by the approval statement
// (lib/pki/review-csr, from firstReminderAt in ./plan), removed here when the certificate is
// revoked, and read and advanced by the scan (./scan.ts).
import type { Tx } from '../db/client';

/** A replaced or revoked certificate gets no more reminders. */
export async function cancelReminders(tx: Tx, certificateId: string): Promise<void> {
  await tx.reminderSchedule.deleteMany({ where: { certificateId } });
}
