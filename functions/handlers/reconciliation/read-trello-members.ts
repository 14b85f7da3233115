import { ReadTrelloInput, ReadTrelloOutput } from '../../contracts/reconciliation-steps.ts';
import { readTrelloMembers } from '../../core/reconciliation/read-trello-members.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { idp } from '../../runtime/providers/idp.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'read-trello-members',
  input: ReadTrelloInput,
  output: ReadTrelloOutput,
  ports: { trello, idp },
  run: ({ reconciliation, pass, cursor }, deps) => readTrelloMembers(reconciliation, { pass, cursor }, deps),
});
