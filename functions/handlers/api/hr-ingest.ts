import { handle } from 'hono/aws-lambda';
import { createIngestApp } from '../../api/ingest/ingest-app.ts';
import { ingestDependenciesOf } from '../../composition/ingest-dependencies.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { publisher } from '../../composition/providers/publisher.ts';

/**
 * The ports HR ingest uses (besides the record ports, clock and the API's own parts): the
 * publisher puts accepted events on the bus, the notifier tells admins of a refused event. Exported for the test that checks it against the code.
 */
export const dependencies = ingestDependenciesOf({ notifier, publisher }, 'The HR ingest API');

/** `POST /hr/events` behind API Gateway (HTTP API, payload 2.0). */
export const handler = handle(createIngestApp({ dependencies }));
