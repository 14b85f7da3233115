import type { AccessCut } from '../../core/model/access-cuts.ts';
import type { OperationalMetrics } from '../../ports/metrics.ts';
import type { CutProgress } from '../../ports/records/runs.ts';

interface InfoLogger {
  info(message: string, extra: Record<string, unknown>): void;
}

/** Operational metrics as log lines (the local stack, where there is no CloudWatch). */
export class LogMetrics implements OperationalMetrics {
  constructor(private readonly logger: InfoLogger) {}

  cutEnded(cut: AccessCut, state: Exclude<CutProgress['state'], 'trying'>, seconds: number): void {
    this.logger.info('access cut ended', { metric: 'TimeToCut', cut, state, seconds });
  }

  cutLate(cut: AccessCut): void {
    this.logger.info('access cut past its SLO', { metric: 'CutSloMissed', cut });
  }
}
