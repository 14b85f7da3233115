/** The workflow engine (Step Functions) as steps see it: completing a waiting task, stopping a run. */
export interface WorkflowEngine {
  /**
   * SendTaskSuccess: the waiting step resumes with this output. Resolves false when the task no
   * longer exists (the run ended or timed out), true when delivered.
   */
  completeTask(taskToken: string, output: unknown): Promise<boolean>;
  /** SendTaskFailure: the waiting step fails with this error name, which the workflow catches. */
  failTask(taskToken: string, error: string, cause: string): Promise<boolean>;
  /**
   * StopExecution of `executionName` on `stateMachineArn` (one lifecycle per person: a termination
   * stops an onboarding in flight). Resolves false when no such execution is running.
   */
  stopExecution(stateMachineArn: string, executionName: string, cause: string): Promise<boolean>;
  /** StartExecution with a chosen name (the name is the id callers follow it by). */
  startExecution(stateMachineArn: string, name: string, input: unknown): Promise<void>;
}
