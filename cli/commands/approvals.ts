import type { Command } from 'commander';
import { Approval, page } from '../../functions/api/admin/admin-schemas.ts';
import type { Context } from '../lanyard.ts';
import { print, table } from '../output.ts';

export function approvalsCommand(program: Command, context: () => Context): void {
  const approvals = program
    .command('approvals')
    .description('Seat and offboarding approvals waiting for an admin');
  approvals
    .command('list')
    .description('List approvals (pending by default)')
    .option('--status <status>', 'pending, approved, rejected or expired', 'pending')
    .action(async (options: { status: string }) => {
      const { client, output } = context();
      const result = await client.request(
        page(Approval, 'ApprovalPage'),
        'GET',
        `/admin/approvals?status=${encodeURIComponent(options.status)}&limit=200`,
      );
      print(output, result, () =>
        table(
          result.items.map((a) => ({
            id: a.id,
            subject: a.subjectEmail,
            kind: a.kind,
            status: a.status,
            expires: a.expiresAt,
            question: a.question,
          })),
          ['id', 'subject', 'kind', 'status', 'expires', 'question'],
        ),
      );
    });
  for (const verb of ['approve', 'reject'] as const) {
    approvals
      .command(`${verb} <id>`)
      .description(`${verb === 'approve' ? 'Approve' : 'Reject'} a pending approval as yourself (single-use)`)
      .option('--comment <text>', 'why; recorded in the audit')
      .action(async (id: string, options: { comment?: string }) => {
        const { client, output } = context();
        const decided = await client.request(
          Approval,
          'POST',
          `/admin/approvals/${encodeURIComponent(id)}/${verb}`,
          {
            body: JSON.stringify(options.comment ? { comment: options.comment } : {}),
          },
        );
        print(output, decided, () => `${decided.id}: ${decided.status} by ${decided.decidedBy}`);
      });
  }
}
