import { describe, expect, it } from 'vitest';
import { TaskTokens } from '../../../infra/local/runtime/task-tokens.ts';

const named = (name: string) => expect.objectContaining({ name });

describe('TaskTokens', () => {
  it('resolves the waiting Task with the parsed SendTaskSuccess output, once', async () => {
    const tokens = new TaskTokens();
    const token = tokens.issue();
    const answer = tokens.register(token, 'exec', 'Await');
    expect(tokens.pending('exec')).toEqual([{ token, executionArn: 'exec', stateName: 'Await' }]);
    tokens.sendTaskSuccess(token, '{"ok":true}');
    await expect(answer).resolves.toEqual({ ok: true });
    expect(() => tokens.sendTaskSuccess(token, '{}')).toThrow(named('TaskDoesNotExist'));
  });

  it('rejects the waiting Task with an error named as SendTaskFailure said', async () => {
    const tokens = new TaskTokens();
    const token = tokens.issue();
    const answer = tokens.register(token, 'exec', 'Await');
    tokens.sendTaskFailure(token, 'Approval.Rejected', 'no');
    await expect(answer).rejects.toEqual(
      expect.objectContaining({ name: 'Approval.Rejected', message: 'no' }),
    );
  });

  it('refuses malformed tokens, unknown tokens and output that is not JSON (keeping the token)', () => {
    const tokens = new TaskTokens();
    expect(() => tokens.sendTaskHeartbeat('short')).toThrow(named('InvalidToken'));
    expect(() => tokens.sendTaskHeartbeat(tokens.issue())).toThrow(named('TaskDoesNotExist'));
    const token = tokens.issue();
    void tokens.register(token, 'exec', 'Await');
    expect(() => tokens.sendTaskSuccess(token, 'not json')).toThrow(named('InvalidOutput'));
    expect(() => tokens.sendTaskHeartbeat(token)).not.toThrow();
  });

  it('forgets expired tokens and the tokens of an ended execution, settling their waiters', async () => {
    const tokens = new TaskTokens();
    const [a, b] = [tokens.issue(), tokens.issue()];
    const c = tokens.issue();
    void tokens.register(a, 'e1', 'A');
    const waitingB = tokens.register(b, 'e2', 'B');
    const waitingC = tokens.register(c, 'e3', 'C');
    // A timed-out Task already failed with States.Timeout: its token is only forgotten.
    tokens.expire(a);
    tokens.expire(c, new Error('invocation failed'));
    tokens.dropExecution('e2', new Error('execution ended'));
    for (const token of [a, b, c])
      expect(() => tokens.sendTaskHeartbeat(token)).toThrow(named('TaskDoesNotExist'));
    // A waiter left pending would keep the interpreter's Task timer, and the process, alive.
    await expect(waitingB).rejects.toThrow('execution ended');
    await expect(waitingC).rejects.toThrow('invocation failed');
  });

  it('claims an issued token once, and nothing else', () => {
    const tokens = new TaskTokens();
    const token = tokens.issue();
    expect(tokens.claim('x'.repeat(128))).toBe(false);
    expect(tokens.claim(token)).toBe(true);
    expect(tokens.claim(token)).toBe(false);
  });
});
