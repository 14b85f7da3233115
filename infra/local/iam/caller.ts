/**
 * Which function a request to a local endpoint comes from: the access key id in its SigV4
 * `Authorization: AWS4-HMAC-SHA256 Credential=<key id>/<date>/<region>/<service>/aws4_request, …`,
 * when the key id names a function (functions/composition/aws-clients.ts signs that way while the local
 * stack runs with `LANYARD_AWS_IDENTITY=invocation`). Any other key (a test's or a tool's own
 * client, the admin CLI, the simulators) names no function, and its calls are not checked.
 */
import { FUNCTION_ACCESS_KEY_PREFIX } from '../../../functions/composition/aws-clients.ts';

export function callerFunction(authorization: string | undefined): string | undefined {
  const keyId = /Credential=([^/\s,]+)\//.exec(authorization ?? '')?.[1];
  if (!keyId?.startsWith(FUNCTION_ACCESS_KEY_PREFIX)) return undefined;
  const name = keyId.slice(FUNCTION_ACCESS_KEY_PREFIX.length);
  return name === '' ? undefined : name;
}
