import { HandOverBoardInput, HandOverBoardOutput } from '../../contracts/offboarding-steps.ts';
import { handOverBoard } from '../../core/offboarding/hand-over-board.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'hand-over-board',
  input: HandOverBoardInput,
  output: HandOverBoardOutput,
  ports: { trello },
  run: ({ run, board, leaverId, successorId }, deps) =>
    handOverBoard(run, board, leaverId, successorId, deps),
});
