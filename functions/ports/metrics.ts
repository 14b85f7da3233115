import type { AccessCut } from '../core/model/access-cuts.ts';
import type { CutProgress } from './records/runs.ts';

/**
 * Operational figures an operator graphs and alarms on (CloudWatch on AWS). Fire and forget:
 * a figure that cannot be written never fails the step that measured it.
 */
export interface OperationalMetrics {
  /** A cut ended: read back (`done`), refused, or given up, `seconds` after it became due. */
  cutEnded(cut: AccessCut, state: Exclude<CutProgress['state'], 'trying'>, seconds: number): void;
  /** A cut went past its time-to-cut SLO (once per cut of a run, when first seen late). */
  cutLate(cut: AccessCut): void;
}
