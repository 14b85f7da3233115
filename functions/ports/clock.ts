/** Time comes in through a port so the core stays pure and tests can fix it. */
export interface Clock {
  now(): Date;
}
