import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../clock';
import { firstReminderAt, planReminder } from './plan';

const T = [30, 14, 7, 1, 0];
const issued = new Date('2026-01-01T00:00:00Z');

/** Walks a certificate through scans at the given days after issue; returns what each scan did. */
function walk(validityDays: number, scanDays: number[]) {
  const notAfter = new Date(issued.getTime() + validityDays * DAY_MS);
  let handled: Date | null = firstReminderAt(notAfter, T);
  const out: { day: number; send: number | null; skipped: number[] }[] = [];
  for (const day of scanDays) {
    const at = new Date(issued.getTime() + day * DAY_MS);
    if (!handled || handled > at) continue; // the scan only reads certificates that are due
    const plan = planReminder(notAfter, handled, T, at);
    out.push({ day, send: plan.send, skipped: plan.skipped });
    handled = plan.next;
  }
  return { out, done: handled === null };
}

const daily = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('planReminder', () => {
  it('a 365-day certificate scanned daily gets each threshold once, in order, and then nothing', () => {
    const { out, done } = walk(365, daily(400));
    expect(out).toEqual([
      { day: 335, send: 30, skipped: [] },
      { day: 351, send: 14, skipped: [] },
      { day: 358, send: 7, skipped: [] },
      { day: 364, send: 1, skipped: [] },
      { day: 365, send: 0, skipped: [] },
    ]);
    expect(done).toBe(true);
  });

  it('a 10-day certificate gets the 14-day reminder at issue (30 skipped), then 7, 1 and expiry', () => {
    const { out } = walk(10, daily(20));
    expect(out).toEqual([
      { day: 0, send: 14, skipped: [30] },
      { day: 3, send: 7, skipped: [] },
      { day: 9, send: 1, skipped: [] },
      { day: 10, send: 0, skipped: [] },
    ]);
  });

  it('a 5-day certificate gets the 7-day reminder first, with 30 and 14 recorded as skipped', () => {
    const { out } = walk(5, daily(10));
    expect(out.map((o) => [o.send, o.skipped])).toEqual([[7, [30, 14]], [1, []], [0, []]]);
  });

  it('a certificate issued for 12 hours: the 1-day threshold at once, then expiry', () => {
    const notAfter = new Date(issued.getTime() + DAY_MS / 2);
    const first = planReminder(notAfter, firstReminderAt(notAfter, T)!, T, issued);
    expect(first).toEqual({ send: 1, skipped: [30, 14, 7], next: notAfter });
    expect(planReminder(notAfter, first.next!, T, notAfter)).toEqual({ send: 0, skipped: [], next: null });
  });

  it('a scan that did not run for three weeks sends only the most urgent threshold', () => {
    const { out } = walk(365, [0, 340, 362, 370]);
    expect(out).toEqual([
      { day: 340, send: 30, skipped: [] },
      { day: 362, send: 7, skipped: [14] },
      { day: 370, send: 0, skipped: [1] },
    ]);
  });

  it('exactly at a threshold counts as crossed; a millisecond before does not', () => {
    const notAfter = new Date(issued.getTime() + 100 * DAY_MS);
    const at30 = new Date(notAfter.getTime() - 30 * DAY_MS);
    expect(planReminder(notAfter, at30, T, at30).send).toBe(30);
    expect(planReminder(notAfter, at30, T, new Date(at30.getTime() - 1)).send).toBeNull();
  });

  it('custom thresholds are honoured (e.g. 60 and 0 only)', () => {
    const notAfter = new Date(issued.getTime() + 90 * DAY_MS);
    const first = firstReminderAt(notAfter, [60, 0])!;
    expect(first).toEqual(new Date(notAfter.getTime() - 60 * DAY_MS));
    expect(planReminder(notAfter, first, [60, 0], first)).toEqual({ send: 60, skipped: [], next: notAfter });
  });
});
