import { Logger } from '@aws-lambda-powertools/logger';

/** One logger for every step; its level comes from POWERTOOLS_LOG_LEVEL. */
export const logger = new Logger({ serviceName: 'lanyard' });
