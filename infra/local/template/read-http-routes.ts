/**
 * The HTTP API's routes as the synthesized template defines them (AWS::ApiGatewayV2::Route →
 * Integration → Function), so the local API server serves exactly what API Gateway would.
 */
import type { Template } from './read-template.ts';

export interface HttpRoute {
  /** `POST /hr/events`, `ANY /admin/{proxy+}`, `$default`. */
  routeKey: string;
  method: string;
  path: string;
  /** Logical id of the Lambda function the route's integration invokes. */
  functionLogicalId: string;
  /** Whether API Gateway checks a JWT before the function runs (locally the function checks a bearer token). */
  authorized: boolean;
}

export function readHttpRoutes(template: Template): HttpRoute[] {
  const resources = template.Resources ?? {};
  const routes: HttpRoute[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Route') continue;
    const props = resource.Properties ?? {};
    const routeKey = String(props.RouteKey);
    const integrationId = integrationOf(props.Target);
    const integration = integrationId ? resources[integrationId] : undefined;
    const uri = integration?.Properties?.IntegrationUri as { 'Fn::GetAtt'?: [string, string] } | undefined;
    const functionLogicalId = uri?.['Fn::GetAtt']?.[0];
    if (!functionLogicalId || integration?.Properties?.IntegrationType !== 'AWS_PROXY') {
      throw new Error(`Route ${logicalId} (${routeKey}) does not target a Lambda proxy integration`);
    }
    if (integration.Properties?.PayloadFormatVersion !== '2.0') {
      throw new Error(`Route ${logicalId} (${routeKey}) uses a payload format other than 2.0`);
    }
    const [method = '', path = ''] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(' ');
    routes.push({
      routeKey,
      method,
      path,
      functionLogicalId,
      authorized: (props.AuthorizationType ?? 'NONE') !== 'NONE',
    });
  }
  return routes;
}

/** `integrations/<id>` as CDK writes it: Fn::Join ['', ['integrations/', { Ref: id }]]. */
function integrationOf(target: unknown): string | undefined {
  const join = (target as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join'];
  const ref = join?.[1]?.find((part) => typeof part === 'object' && part !== null && 'Ref' in part) as
    | { Ref: string }
    | undefined;
  return ref?.Ref;
}
