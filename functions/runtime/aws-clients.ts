/**
 * What every AWS SDK client Lanyard builds is configured with, in one place: the endpoint the
 * config names (the local stack's DynamoDB, Step Functions, EventBridge…; none on AWS).
 */
export function awsClientConfig(endpoint?: string): { endpoint?: string } {
  return endpoint === undefined ? {} : { endpoint };
}
