import { config } from '../config';
import { deriveKey } from '../crypto/secret-box';

/** next-auth's JWT secret, derived from TRUSTGATE_SECRET so one secret configures everything. */
export const sessionSecret = (): string => deriveKey(config().secret, 'nextauth-session').toString('base64url');
