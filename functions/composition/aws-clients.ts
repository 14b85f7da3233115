/**
 * What every AWS SDK client Lanyard builds is configured with, in one place: the endpoint the
 * config names (the local stack's DynamoDB, Step Functions, EventBridge…; none on AWS), and whose
 * credentials it signs with.
 *
 * Credentials: by default none are given, so the SDK's own chain finds them (on Lambda: the
 * function's role session). With `LANYARD_AWS_IDENTITY=invocation` (set by the local stack only)
 * every client signs with an identity that names the function being invoked: its access key id is
 * {@link FUNCTION_ACCESS_KEY_PREFIX} + the function's name, read per request from the invocation
 * the call is made in ({@link runAsFunction}, which the local Lambda host wraps around each
 * invocation). The local endpoints read it from the SigV4 `Credential` and evaluate the call
 * against that function's role policies, as AWS does with the role session's credentials. A call
 * made outside any invocation signs with the environment's credentials and names no function.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigInvalidError } from '../core/errors.ts';
import { ConfigKeys as K } from './config-keys.ts';

/** Access key ids that name a function start with this; the rest is the function's name. */
export const FUNCTION_ACCESS_KEY_PREFIX = 'LANYARDFN';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * A credentials provider as the SDK takes it. `memoized: true` tells the SDK not to wrap it in its
 * own cache, whose single pending refresh is shared by concurrent requests: two functions calling
 * one client at the same moment would then sign with the same identity. The SDK calls it per request.
 */
type CredentialsProvider = (() => Promise<Credentials>) & { memoized?: boolean };

export interface AwsClientConfig {
  endpoint?: string;
  credentials?: CredentialsProvider;
  requestHandler?: { httpAgent: { maxSockets: number }; httpsAgent: { maxSockets: number } };
}

/**
 * The sockets a client may open when every function shares the process. On Lambda one invocation
 * at a time uses a client, and the SDK's 50 sockets are plenty; in a process that hosts every
 * function (the local stack) all concurrent invocations share it, and a layoff's thousand steps
 * queued behind those 50 (the SDK warned of 1,300 requests waiting) while the server had room.
 */
export const SHARED_PROCESS_MAX_SOCKETS = 1_000;

const invocation = new AsyncLocalStorage<{ functionName: string }>();

/** Runs `fn` (and everything it starts) as an invocation of the named function. */
export function runAsFunction<T>(functionName: string, fn: () => T): T {
  return invocation.run({ functionName }, fn);
}

/** The function whose invocation this code runs in, if any. */
export function currentFunction(): string | undefined {
  return invocation.getStore()?.functionName;
}

export function awsClientConfig(endpoint?: string): AwsClientConfig {
  const config: AwsClientConfig = endpoint === undefined ? {} : { endpoint };
  if (identityMode(process.env) === 'invocation') {
    config.credentials = invocationCredentials();
    const agent = { maxSockets: SHARED_PROCESS_MAX_SOCKETS };
    config.requestHandler = { httpAgent: agent, httpsAgent: agent };
  }
  return config;
}

function identityMode(env: Record<string, string | undefined>): 'default' | 'invocation' {
  const value = env[K.awsIdentity];
  if (value === undefined || value === '') return 'default';
  if (value === 'invocation') return 'invocation';
  throw new ConfigInvalidError(
    `Lanyard is misconfigured — ${K.awsIdentity}: must be "invocation" or unset (got "${value}")`,
  );
}

function invocationCredentials(): CredentialsProvider {
  const provider: CredentialsProvider = async () => {
    const env = process.env;
    const functionName = currentFunction();
    if (functionName === undefined) {
      if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY)
        throw new ConfigInvalidError(
          'No AWS credentials: outside a function invocation the clients sign with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
        );
      return {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      };
    }
    return {
      accessKeyId: `${FUNCTION_ACCESS_KEY_PREFIX}${functionName}`,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
      // Already due: a cache in front of this provider would ask again on the next request.
      expiration: new Date(),
    };
  };
  provider.memoized = true;
  return provider;
}
