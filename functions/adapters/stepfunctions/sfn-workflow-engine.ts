import type { SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';

/** The SDK's module on first use, not when a function starts. */
const sdk = () => import('@aws-sdk/client-sfn');

/** Step Functions task callbacks. The same client code talks to AWS or to the local endpoint. */
export class SfnWorkflowEngine implements WorkflowEngine {
  constructor(private readonly client: SFNClient) {}

  async completeTask(taskToken: string, output: unknown): Promise<boolean> {
    const { SendTaskSuccessCommand } = await sdk();
    return this.deliver(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) })),
    );
  }

  async failTask(taskToken: string, error: string, cause: string): Promise<boolean> {
    // Step Functions caps error at 256 and cause at 32,768 characters.
    const { SendTaskFailureCommand } = await sdk();
    return this.deliver(() =>
      this.client.send(
        new SendTaskFailureCommand({ taskToken, error: error.slice(0, 256), cause: cause.slice(0, 32_768) }),
      ),
    );
  }

  async stopExecution(stateMachineArn: string, executionName: string, cause: string): Promise<boolean> {
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
    const { DescribeExecutionCommand, ExecutionDoesNotExist, StopExecutionCommand } = await sdk();
    try {
      const { status } = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') return false;
      await this.client.send(
        new StopExecutionCommand({ executionArn, error: 'RunSuperseded', cause: cause.slice(0, 32_768) }),
      );
      return true;
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return false;
      throw error;
    }
  }

  async startExecution(stateMachineArn: string, name: string, input: unknown): Promise<void> {
    const { StartExecutionCommand } = await sdk();
    await this.client.send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
    );
  }

  private async deliver(send: () => Promise<unknown>): Promise<boolean> {
    const { TaskDoesNotExist, TaskTimedOut } = await sdk();
    try {
      await send();
      return true;
    } catch (error) {
      // The run ended (finished, stopped, timed out) before the decision arrived: nothing waits for it.
      if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut) return false;
      throw error;
    }
  }
}
