import { HandOverBoardInput, HandOverBoardOutput } from '../../contracts/offboarding-steps.ts';
import { handOverBoard } from '../../core/offboarding/hand-over-board.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'hand-over-board',
  input: HandOverBoardInput,
  output: HandOverBoardOutput,
  run: ({ run, board, leaverId, successorId }, deps) =>
    handOverBoard(run, board, leaverId, successorId, deps),
});
