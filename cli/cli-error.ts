/**
 * A failure the CLI explains and exits with: 1 = the API refused (4xx), 2 = usage or config,
 * 3 = Lanyard or the network failed (5xx, unreachable).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 3,
  ) {
    super(message);
  }
}
