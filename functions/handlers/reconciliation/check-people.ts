import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { CheckPeopleInput, CheckPeopleOutput } from '../../contracts/reconciliation-steps.ts';
import { checkPeople } from '../../core/reconciliation/check-people.ts';

export const handler = defineStep({
  name: 'check-people',
  input: CheckPeopleInput,
  output: CheckPeopleOutput,
  ports: { idp },
  records: ['people', 'reconciliations'],
  run: ({ reconciliation, pass, cursor }, deps) => checkPeople(reconciliation, { pass, cursor }, deps),
});
