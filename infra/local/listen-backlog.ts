/**
 * Connections the kernel holds for a local server while the process is busy, past Node's default
 * of 511. API Gateway takes a burst of connections at once: behind 511, a thousand deliveries from
 * one HR system at once on a loaded machine had some connections dropped and then reset. And every
 * function of the local process may have a DynamoDB request open at once (up to 1,000 sockets:
 * functions/composition/aws-clients.ts).
 */
export const LISTEN_BACKLOG = 4_096;
