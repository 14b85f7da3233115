/** The workflow engine (Step Functions) as the approval side sees it: completing a waiting task. */
export interface WorkflowEngine {
  /**
   * SendTaskSuccess: the waiting step resumes with this output. Resolves false when the task no
   * longer exists (the run ended or timed out), true when delivered.
   */
  completeTask(taskToken: string, output: unknown): Promise<boolean>;
  /** SendTaskFailure: the waiting step fails with this error name, which the workflow catches. */
  failTask(taskToken: string, error: string, cause: string): Promise<boolean>;
}
