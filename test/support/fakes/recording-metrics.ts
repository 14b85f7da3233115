/** OperationalMetrics that keeps each figure, for unit tests (the log and EMF adapters write them for real). */
import type { AccessCut } from '../../../functions/core/model/access-cuts.ts';
import type { OperationalMetrics } from '../../../functions/ports/metrics.ts';
import type { CutProgress } from '../../../functions/ports/records/runs.ts';

export class RecordingMetrics implements OperationalMetrics {
  readonly ended: Array<{ cut: AccessCut; state: Exclude<CutProgress['state'], 'trying'>; seconds: number }> =
    [];
  readonly late: AccessCut[] = [];

  cutEnded(cut: AccessCut, state: Exclude<CutProgress['state'], 'trying'>, seconds: number): void {
    this.ended.push({ cut, state, seconds });
  }

  cutLate(cut: AccessCut): void {
    this.late.push(cut);
  }
}
