import { EnsureWorkspacesOutput, RunAndMember } from '../../contracts/onboarding-steps.ts';
import { ensureWorkspaces } from '../../core/onboarding/ensure-workspaces.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'ensure-workspaces',
  input: RunAndMember,
  output: EnsureWorkspacesOutput,
  run: ({ run, memberId }, deps) => ensureWorkspaces(run, memberId, deps),
});
