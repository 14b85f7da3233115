import { handle } from 'hono/aws-lambda';
import { createIngestApp } from '../../api/ingest/ingest-app.ts';
import { apiDependencies } from '../../runtime/api-dependencies.ts';

/** `POST /hr/events` behind API Gateway (HTTP API, payload 2.0). */
export const handler = handle(createIngestApp({ dependencies: apiDependencies }));
