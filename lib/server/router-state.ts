// Next.js answers a navigation request (`RSC: 1`) whose router state header it cannot parse
// with a bare 500 and an error in the log. The header is the browser router's own, so a bad one
// is the client's fault: 400 `bad_request` in the API's error model (API.md: never a 5xx), decided
// by Next's own parser so that the two never disagree about what is valid. Imported only where
// Next.js runs (lib/server/listeners startNext); edge workers never load it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAndValidateFlightRouterState } from 'next/dist/server/app-render/parse-and-validate-flight-router-state';
import { errorBody } from '../http/respond';
import { send } from '../edge/http';

const HEADER = 'next-router-state-tree';

/** Answers 400 when the request carries a router state Next.js would fail on, and says whether it did. */
export function answerBadRouterState(req: IncomingMessage, res: ServerResponse): boolean {
  const state = req.headers[HEADER];
  if (state === undefined) return false;
  try {
    parseAndValidateFlightRouterState(state);
    return false;
  } catch {
    send(res, {
      status: 400,
      headers: { 'cache-control': 'no-store' },
      body: errorBody('bad_request', `The ${HEADER} header is not a router state this portal can read; reload the page.`),
    });
    return true;
  }
}
