import { parseDeployConfig } from '../../infra/deploy-config.ts';

/** A deploy config for tests; Workspace ids match nothing real (templates only). */
export const testDeployConfig = parseDeployConfig({
  trello: { enterpriseId: '5f1e0a4b3c2d1e0f9a8b7c6d', defaultWorkspaceId: '5f1e0a4b3c2d1e0f9a8b7c70' },
  departmentWorkspaces: { Design: '5f1e0a4b3c2d1e0f9a8b7c71' },
  alarmEmail: 'it-alerts@example.com',
});
