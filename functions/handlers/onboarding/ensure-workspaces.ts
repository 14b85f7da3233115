import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { EnsureWorkspacesOutput, RunAndMember } from '../../contracts/onboarding-steps.ts';
import { ensureWorkspaces } from '../../core/onboarding/ensure-workspaces.ts';

export const handler = defineStep({
  name: 'ensure-workspaces',
  input: RunAndMember,
  output: EnsureWorkspacesOutput,
  ports: { trello },
  records: ['people', 'runs', 'audit'],
  run: ({ run, memberId }, deps) => ensureWorkspaces(run, memberId, deps),
});
