import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { HandOverBoardInput, HandOverBoardOutput } from '../../contracts/offboarding-steps.ts';
import { handOverBoard } from '../../core/offboarding/hand-over-board.ts';

export const handler = defineStep({
  name: 'hand-over-board',
  input: HandOverBoardInput,
  output: HandOverBoardOutput,
  ports: { trello },
  records: ['people', 'runs', 'audit'],
  run: ({ run, board, leaverId, successorId }, deps) =>
    handOverBoard(run, board, leaverId, successorId, deps),
});
