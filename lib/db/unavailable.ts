// Whether an error means "the database cannot be reached right now" (stopped, restarting, failing
// over, out of connections) rather than a defect. Such a request is answered 503 with
// Retry-After, which clients and load balancers know to retry, instead of a 500.
//
// The same outage arrives in several shapes: a Node socket error from pg, a PostgreSQL SQLSTATE
// (class 08 connection exception, 57P01–57P03 shutdown / not yet accepting, 53300 too many
// connections), a pg message with no code, or Prisma's wrapping of any of these (P1001 can't
// reach, P1002 timed out, P1017 closed, and DriverAdapterError kinds).
import { someInErrorChain } from './error-chain';

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  return someInErrorChain(error, (e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    if (SOCKET_CODES.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    // A Unix-socket connection to a server that is not running: the socket file is gone.
    if (code === 'ENOENT' && typeof e.message === 'string' && e.message.includes('.s.PGSQL.')) return true;
    if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
    return typeof e.message === 'string' && PG_MESSAGES.test(e.message);
  });
}

/** Seconds a client should wait before retrying: a restart or a failover usually takes this long. */
export const RETRY_AFTER_SECONDS = 5;
