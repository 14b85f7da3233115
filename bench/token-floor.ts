/**
 * A batch run's wall time against its Trello floor: the calls it cannot do without, at one
 * token's 100 calls per 10 s window, scaled like the simulator's windows. The issues bound the
 * 100k runs at 1.10×; smaller presets carry fixed costs (start, finish) a short floor magnifies.
 */
export function againstTokenFloor(
  wallMs: number,
  floorCalls: number,
  timeScale: number,
  preset: string,
): { wallMs: number; floorMs: number; ratioToFloor: number; bound: number | null } {
  const floorMs = (floorCalls / 100) * 10_000 * timeScale;
  return {
    wallMs: Math.round(wallMs),
    floorMs: Math.round(floorMs),
    ratioToFloor: Number((wallMs / floorMs).toFixed(3)),
    bound: preset === '100k' ? 1.1 : null,
  };
}
