/**
 * A WorkflowEngine that records what it was asked. Unit tests of the core use it where the local
 * Step Functions runtime (infra/local/runtime) would need a synthesized template and a process:
 * the integration tests drive the real task tokens through that runtime.
 */
import type { WorkflowEngine } from '../../../functions/ports/workflow-engine.ts';

export type WorkflowCall =
  | { op: 'completeTask'; taskToken: string; output: unknown }
  | { op: 'failTask'; taskToken: string; error: string; cause: string }
  | { op: 'stopExecution'; stateMachineArn: string; executionName: string; cause: string }
  | { op: 'startExecution'; stateMachineArn: string; name: string; input: unknown };

export class RecordingWorkflowEngine implements WorkflowEngine {
  readonly calls: WorkflowCall[] = [];
  /** What completeTask and failTask answer: false once the waiting task is gone. */
  taskExists = true;

  async completeTask(taskToken: string, output: unknown): Promise<boolean> {
    this.calls.push({ op: 'completeTask', taskToken, output });
    return this.taskExists;
  }

  async failTask(taskToken: string, error: string, cause: string): Promise<boolean> {
    this.calls.push({ op: 'failTask', taskToken, error, cause });
    return this.taskExists;
  }

  async stopExecution(stateMachineArn: string, executionName: string, cause: string): Promise<boolean> {
    this.calls.push({ op: 'stopExecution', stateMachineArn, executionName, cause });
    return true;
  }

  async startExecution(stateMachineArn: string, name: string, input: unknown): Promise<void> {
    this.calls.push({ op: 'startExecution', stateMachineArn, name, input });
  }
}
