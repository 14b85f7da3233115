/**
 * The HR ingestion door (`POST /hr/events`, DESIGN.md "Interfaces"): a hono app that runs in
 * Lambda behind API Gateway (no authorizer: the Standard Webhooks signature is the
 * authentication) and on the local API server.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HrVendorConfigKeys as V } from '../../composition/api-config.ts';
import type { IngestDependencies } from '../../composition/ingest-dependencies.ts';
import { logger } from '../../composition/powertools.ts';
import { HrVendorIds, isHrVendorId, receiveVendorWebhook } from '../hr-vendors/vendor-webhook.ts';
import { answerHrEvent, type HttpAnswer } from './answer-hr-event.ts';

export function createIngestApp(options: { dependencies: () => Promise<IngestDependencies> }): Hono {
  const app = new Hono();

  app.post('/hr/events', async (c) => {
    const deps = await options.dependencies();
    if (deps.verifier === null) {
      return c.json(
        {
          error: 'invalid-signature',
          message: 'No webhook secret is configured, so no delivery can be verified; configure one and retry',
        },
        401,
      );
    }
    const answer = await answerHrEvent(await c.req.text(), c.req.header(), {
      ...deps,
      verifier: deps.verifier,
    });
    logAnswer('hr event answered', answer, { eventId: answer.body.eventId });
    return c.json(answer.body, answer.status as ContentfulStatusCode);
  });

  // An HR vendor's own webhook (api/hr-vendors), mapped onto canonical events and accepted as above.
  app.post('/hr/events/:vendor', async (c) => {
    const vendor = c.req.param('vendor');
    if (!isHrVendorId(vendor)) {
      const named = /^[A-Za-z0-9_-]{1,40}$/.test(vendor) ? ` "${vendor}"` : '';
      return c.json(
        {
          error: 'not-found',
          message: `Lanyard has no adapter for the HR vendor${named}: POST /hr/events/{vendor} takes ${HrVendorIds.join(' or ')}; canonical events go to POST /hr/events`,
        },
        404,
      );
    }
    const deps = await options.dependencies();
    const adapter = deps.hrVendors[vendor];
    if (!adapter) {
      const needs =
        vendor === 'bamboohr'
          ? `${V.bamboohrWebhookSecret} (or ${V.bamboohrWebhookSecretArn})`
          : `${V.hibobWebhookSecret} (or ${V.hibobWebhookSecretArn}) and ${V.hibobApi} (or ${V.hibobApiSecretArn})`;
      return c.json(
        { error: 'vendor-not-configured', message: `The ${vendor} vendor is not configured: set ${needs}` },
        404,
      );
    }
    const answer = await receiveVendorWebhook(adapter, await c.req.text(), c.req.header(), deps);
    logAnswer('hr vendor webhook answered', answer, {
      vendor,
      eventIds: answer.body.eventIds ?? (answer.body.eventId ? [answer.body.eventId] : undefined),
    });
    return c.json(answer.body, answer.status as ContentfulStatusCode);
  });

  app.notFound((c) =>
    c.json(
      {
        error: 'not-found',
        message: `No route ${c.req.method} ${c.req.path}; HR events go to POST /hr/events`,
      },
      404,
    ),
  );
  app.onError((error, c) => {
    logger.error('hr event failed', { errorName: error.name, errorMessage: error.message });
    return c.json({ error: 'internal', message: 'Lanyard could not take the event now; retry later' }, 500);
  });
  return app;
}

/**
 * One line per answer, keyed by event ids (never a person's email or name). A refusal of the
 * sender's input (4xx) is a WARN with its error code: the sender must act, Lanyard did not fail.
 */
function logAnswer(what: string, answer: HttpAnswer, keys: Record<string, unknown>): void {
  if (answer.status < 400) {
    logger.info(what, { status: answer.status, ...keys });
    return;
  }
  logger.warn(what, { status: answer.status, error: answer.body.error, ...keys });
}
