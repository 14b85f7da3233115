/** The operational metrics port (time to cut): CloudWatch EMF on AWS, the log locally. */
import { LogMetrics } from '../../adapters/metrics/log-metrics.ts';
import { definePort } from '../composition.ts';
import { logger } from '../powertools.ts';

export const metrics = definePort('metrics', async ({ config }) =>
  // Powertools Metrics is loaded only where it is used, at the first invocation.
  config.metrics === 'emf'
    ? new (await import('../../adapters/metrics/emf-metrics.ts')).EmfMetrics()
    : new LogMetrics(logger),
);
