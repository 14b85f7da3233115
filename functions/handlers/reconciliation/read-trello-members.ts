import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { trello } from '../../composition/providers/trello.ts';
import { ReadTrelloInput, ReadTrelloOutput } from '../../contracts/reconciliation-steps.ts';
import { readTrelloMembers } from '../../core/reconciliation/read-trello-members.ts';

export const handler = defineStep({
  name: 'read-trello-members',
  input: ReadTrelloInput,
  output: ReadTrelloOutput,
  ports: { trello, idp },
  records: ['people', 'reconciliations'],
  run: ({ reconciliation, ...reading }, deps) => readTrelloMembers(reconciliation, reading, deps),
});
