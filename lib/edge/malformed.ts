// Requests broken below the application, answered in the API's error model (API.md: a 4xx with a
// stable code, never a 5xx) instead of what the layers underneath would say: Next.js ends a path
// with a bad percent-escape as a bare "500 Internal Server Error", and Node's HTTP parser ends a
// header section over its limit, or a line it cannot parse, with an empty 431 or 400.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody } from '../http/respond';
import { SECURITY_HEADERS } from '../http/security-headers';
import { send } from './http';

/**
 * Answers 400 `bad_request` when the request's path holds a percent-escape that does not decode
 * (RFC 3986 section 2.1: "%" and two hex digits, together UTF-8), and says whether it did.
 */
export function answerUndecodablePath(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (!path.includes('%')) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    send(res, {
      status: 400,
      headers: { ...SECURITY_HEADERS, 'cache-control': 'no-store' },
      body: errorBody('bad_request', 'The path holds a percent-escape that is not valid: "%" must be followed by two hex digits that form UTF-8.'),
    });
    return true;
  }
}

const PARSE_ERRORS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'headers_too_large', 'The request header section is larger than this server accepts (16 KiB).'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout', 'The request was not received in time.'],
};

/** Node's `clientError`: the request could not be parsed, so there is no response object to use. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, reason, code, message] = PARSE_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', 'bad_request', 'The request is not valid HTTP/1.1.'];
  const body = JSON.stringify(errorBody(code, message));
  const head = Object.entries({ ...SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)), connection: 'close' });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${head.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
}
