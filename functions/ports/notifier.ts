/** Tells admins what needs them or went wrong (SNS/Slack on AWS; the console inbox and a log line locally). */
export interface Notification {
  kind: 'approval-requested' | 'run-failed' | 'run-finished';
  /** One line: what happened to whom. */
  title: string;
  /** What to do next. Never contains a task token or a secret. */
  body: string;
  runId: string | null;
  approvalId: string | null;
}

export interface Notifier {
  notify(notification: Notification): Promise<void>;
}
