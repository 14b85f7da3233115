/**
 * Operational metrics as CloudWatch Embedded Metric Format lines on stdout (Powertools Metrics):
 * Lambda's log agent turns them into metrics in the `Lanyard` namespace, with no API call and no
 * extra permission. The stack alarms on `CutSloMissed`.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AccessCut } from '../../core/model/access-cuts.ts';
import type { OperationalMetrics } from '../../ports/metrics.ts';
import type { CutProgress } from '../../ports/records/runs.ts';

export const METRICS_NAMESPACE = 'Lanyard';
export const MetricNames = {
  timeToCut: 'TimeToCutSeconds',
  cutSloMissed: 'CutSloMissed',
  cutsNotDone: 'CutsNotDone',
} as const;

export class EmfMetrics implements OperationalMetrics {
  constructor(
    private readonly metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'lanyard' }),
  ) {}

  cutEnded(cut: AccessCut, state: Exclude<CutProgress['state'], 'trying'>, seconds: number): void {
    this.publish(cut, (m) => {
      if (state === 'done') m.addMetric(MetricNames.timeToCut, MetricUnit.Seconds, seconds);
      else m.addMetric(MetricNames.cutsNotDone, MetricUnit.Count, 1);
    });
  }

  cutLate(cut: AccessCut): void {
    this.publish(cut, (m) => m.addMetric(MetricNames.cutSloMissed, MetricUnit.Count, 1));
  }

  /** One EMF line per figure: a single-metric instance writes it as soon as the metric is added. */
  private publish(cut: AccessCut, add: (metrics: Metrics) => void): void {
    const single = this.metrics.singleMetric();
    single.addDimension('Cut', cut);
    add(single);
  }
}
