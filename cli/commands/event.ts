import { createHash, randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { HrEvent } from '../../functions/contracts/hr-event.ts';
import { canonicalEventType, EVENT_TYPE_VOCABULARY } from '../../functions/core/admin/parse-events-csv.ts';
import { CliError } from '../cli-error.ts';
import type { Context } from '../lanyard.ts';
import { print } from '../output.ts';

const Answer = z.object({
  status: z.string().optional(),
  eventId: z.string().optional(),
  message: z.string().optional(),
});

/**
 * `lanyard event send <type>`: a canonical HR event, signed like an HR system signs it (Standard
 * Webhooks, with LANYARD_WEBHOOK_SECRET or the local stack's secret) and posted to /hr/events.
 * The type is written as in a CSV import: `hired` or `employee.hired`.
 */
export function eventCommand(program: Command, context: () => Context): void {
  program
    .command('event')
    .description('HR events, for testing an installation')
    .command('send <type>')
    .description(`Sign and send an HR event: ${EVENT_TYPE_VOCABULARY}`)
    .requiredOption('--email <address>', 'the employee’s work email')
    .option('--name <full name>', 'full name (default: from the email)')
    .option('--employee-id <id>', 'HR employee id (default: derived from the email)')
    .option('--department <name>', 'department (maps to a Workspace)')
    .option('--manager <email>', 'manager’s email')
    .option('--effective-at <ISO date-time>', 'when it takes effect (default: now)')
    .action(async (type: string, options: Record<string, string | undefined>) => {
      const canonicalType = canonicalEventType(type);
      if (canonicalType === null) {
        throw new CliError(`"${type}" is not an HR event type; use one of ${EVENT_TYPE_VOCABULARY}`, 2);
      }
      const { client, output, target } = context();
      if (!target.webhookSecret) {
        throw new CliError(
          'No webhook secret: set LANYARD_WEBHOOK_SECRET (the whsec_… HR systems sign with)',
          2,
        );
      }
      const email = options.email ?? '';
      const now = new Date().toISOString();
      const parsed = HrEvent.safeParse({
        id: `evt-${randomUUID()}`,
        type: canonicalType,
        occurredAt: now,
        effectiveAt: options.effectiveAt ?? now,
        employee: {
          id:
            options.employeeId ??
            `E-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 8)}`,
          email,
          fullName: options.name ?? email.split('@')[0],
          department: options.department ?? null,
          managerEmail: options.manager ?? null,
        },
      });
      if (!parsed.success) {
        throw new CliError(
          `The event is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          2,
        );
      }
      const body = JSON.stringify(parsed.data);
      const messageId = `msg_${randomUUID()}`;
      const at = new Date();
      const answer = await client.request(Answer, 'POST', '/hr/events', {
        auth: false,
        body,
        headers: {
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(target.webhookSecret).sign(messageId, at, body),
        },
      });
      print(output, { ...answer, event: parsed.data }, () =>
        [
          `${parsed.data.type} for ${parsed.data.employee.email} (${parsed.data.employee.id}): ${answer.status ?? 'sent'} as ${parsed.data.id}`,
          `Follow it: npx lanyard runs show ${parsed.data.id}   (or npx lanyard person show ${parsed.data.employee.email})`,
        ].join('\n'),
      );
    });
}
