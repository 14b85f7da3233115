/**
 * The AWS managed policies the local IAM check knows, by their ARN's name (after
 * `arn:<partition>:iam::aws:policy/`). A role attached to any other AWS managed policy stops the
 * local stack, naming it: add its document here (copied from the IAM console or
 * `aws iam get-policy-version`) rather than letting the check guess.
 */
export const AWS_MANAGED_POLICIES: Record<string, Record<string, unknown>> = {
  // Version v1 (the one in force since 2015): logs only, so it never allows a call the local stack serves.
  'service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '*',
      },
    ],
  },
};
