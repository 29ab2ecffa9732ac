// Which reminder a certificate gets now. Pure: the scan and the tests share it, with any clock.
import { DAY_MS } from '../clock';

export type ReminderPlan = {
  /** The most urgent threshold crossed since the last one handled (days before expiry), or null. */
  send: number | null;
  /** Thresholds crossed at the same time as `send` and less urgent: recorded, never mailed. */
  skipped: number[];
  /** When the next threshold is crossed; null when the expiry threshold has been handled. */
  next: Date | null;
};

const crossedAt = (notAfter: Date, days: number) => new Date(notAfter.getTime() - days * DAY_MS);

/** The first reminder time of a newly issued certificate. */
export function firstReminderAt(notAfter: Date, thresholds: number[]): Date | null {
  return thresholds.length ? crossedAt(notAfter, Math.max(...thresholds)) : null;
}

/**
 * Thresholds not yet handled are those crossed at or after `handledUntil` (the certificate's
 * ReminderSchedule.dueAt). Of those crossed by `at`, only the most urgent (fewest days) is sent: a
 * certificate issued for 10 days, or a scan that did not run for a week, gets one mail, not four.
 */
export function planReminder(notAfter: Date, handledUntil: Date, thresholds: number[], at: Date): ReminderPlan {
  const open = thresholds.filter((d) => crossedAt(notAfter, d).getTime() >= handledUntil.getTime()).sort((a, b) => b - a);
  const crossed = open.filter((d) => crossedAt(notAfter, d).getTime() <= at.getTime());
  const later = open.filter((d) => crossedAt(notAfter, d).getTime() > at.getTime());
  if (crossed.length === 0) return { send: null, skipped: [], next: later.length ? crossedAt(notAfter, later[0]) : null };
  const send = crossed[crossed.length - 1];
  return { send, skipped: crossed.slice(0, -1), next: later.length ? crossedAt(notAfter, later[0]) : null };
}
