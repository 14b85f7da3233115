import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { authenticate } from './auth.ts';
import type { CallOutcome } from './call-stats.ts';
import type { ApiContext, ApiRoute } from './route-kit.ts';
import type { SimRuntime } from './sim-runtime.ts';
import { routeNotFound, TrelloApiError } from './trello-errors.ts';

export type SimEnv = { Bindings: HttpBindings };

const RATE_LIMIT_MESSAGE = 'Rate limit exceeded';

const SERVER_ERROR_TEXT: Record<500 | 502 | 503, { code: string; message: string }> = {
  500: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
  502: { code: 'BAD_GATEWAY', message: 'Bad gateway' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' },
};

/**
 * One `/1/*` request, in the order a request meets Trello's layers: injected faults (the network
 * and edge), then key/token (401), then rate limits (429), then the route (which checks
 * permissions and rules). UNVERIFIED: requests refused with 401 do not count against rate limits;
 * unknown `/1` routes answer 404 before any auth and are not rate limited; injected 5xx bodies and
 * timeouts are the simulator's own (Trello's are undocumented) and fill no rate-limit window.
 * Every request is counted per route template; no key or token value is ever logged or echoed.
 */
export async function handleApiRequest(
  c: Context<SimEnv>,
  route: ApiRoute | null,
  rt: SimRuntime,
): Promise<Response> {
  const started = performance.now();
  const method = c.req.method;
  const template = route?.path ?? '(unmatched)';
  let outcome: CallOutcome = 500;
  let headers: Record<string, string> = {};
  const json = (body: unknown, status: number): Response => {
    outcome = status;
    return c.json(body, status as ContentfulStatusCode, headers);
  };
  try {
    const fault = rt.faults.decide(method, template, c.req.path);
    if (fault.latencyMs > 0) await rt.sleep(fault.latencyMs);
    switch (fault.outcome.kind) {
      case 'timeout':
        await rt.sleep(fault.outcome.holdMs);
        c.env.incoming.socket.destroy();
        outcome = 'timeout';
        return c.body(null, 504);
      case 'server-error':
        return json(SERVER_ERROR_TEXT[fault.outcome.status], fault.outcome.status);
      case 'rate-limited':
        if (c.req.query('key') === rt.state.meta.apiKey)
          rt.rateLimiter.recordInjected429(rt.state.meta.apiKey);
        return json({ error: fault.outcome.error, message: RATE_LIMIT_MESSAGE }, 429);
      case 'none':
        break;
    }
    if (!route) throw routeNotFound();
    const key = c.req.query('key');
    const token = c.req.query('token');
    const caller = authenticate(rt.state, key, token, rt.clock.now().toISOString());
    const decision = rt.rateLimiter.check(
      rt.state.meta.apiKey,
      caller.token.value,
      route.memberRouteLimit === true,
    );
    headers = decision.headers;
    if (decision.error) return json({ error: decision.error, message: RATE_LIMIT_MESSAGE }, 429);
    const ctx: ApiContext = {
      state: rt.state,
      caller,
      clock: rt.clock,
      param: (name) => c.req.param(name) ?? '',
      query: (name) => c.req.query(name),
      deferTransfer: (orgId) => rt.deferTransfer(orgId),
    };
    return json(await route.handle(ctx), 200);
  } catch (error) {
    if (error instanceof TrelloApiError) return json(error.toBody(), error.status);
    rt.log(
      `trello-sim: ${method} ${template} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return json({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }, 500);
  } finally {
    rt.calls.record(method, template, outcome);
    rt.log(`trello-sim: ${method} ${template} → ${outcome} (${Math.round(performance.now() - started)} ms)`);
  }
}
