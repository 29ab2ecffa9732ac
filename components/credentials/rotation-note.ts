import { formatDateTime } from '../format';

/**
 * What a rotation did to the previous secret. With no overlap the server sets its expiry to the
 * moment of rotation, which a browser clock a little behind would still show as the future; the
 * overlap that was asked for settles it.
 */
export function previousSecretNote(previousSecretExpiresAt: string | null, requestedSeconds: number, now = Date.now()) {
  const ended = requestedSeconds === 0 || !previousSecretExpiresAt || Date.parse(previousSecretExpiresAt) <= now;
  return ended ? 'The previous secret no longer works.' : `The previous secret keeps working until ${formatDateTime(previousSecretExpiresAt)}.`;
}
