'use client';

import { useEffect, useState } from 'react';
import type { Trace } from './types';

export const PAYMENTS = '/sandbox/v1/payments';
const KEY = 'trustgate.console.lastPaymentId';

/** The id of a payment a trace created (201 from POST /sandbox/v1/payments, API.md), if any. */
export function createdPaymentId(trace: Trace): string | null {
  const body = trace.response?.body as { id?: unknown } | undefined;
  return trace.request?.method === 'POST' && trace.response?.status === 201 && typeof body?.id === 'string' ? body.id : null;
}

/**
 * The last payment created in this browser tab, kept in sessionStorage so that leaving the console
 * and coming back still offers it. Read after mount: the server render cannot know it.
 */
export function useLastPayment() {
  const [id, setId] = useState<string | null>(null);
  useEffect(() => setId(sessionStorage.getItem(KEY)), []);
  const remember = (paymentId: string) => {
    sessionStorage.setItem(KEY, paymentId);
    setId(paymentId);
  };
  return [id, remember] as const;
}
