/**
 * The HR event-stream property's check (test/integration/reliability/hr-event-streams*.test.ts):
 * a local stack started with one leave policy, a delivery plan (hr-streams.ts) posted to it signed
 * as HR signs it, and the outcome held to the model of what HR order implies under that policy:
 * - each event was answered once as new (202, or 409 stale when a newer one was applied first)
 *   and every other delivery `200 duplicate`; no event started more than one execution;
 * - each person's record, Trello account and IdP user are as `impliedState` says (lifecycle, on
 *   leave, IdP sign-in, Trello active or deactivated, seat licensed or not, name and department);
 * - no Trello or IdP effect twice: no write of what already was so on the simulators' journals (a
 *   second invite, grant, deactivation, reactivation, sign-in cut or restore), no run that made
 *   one change twice (one `succeeded` audit entry per action and target per run: each HR event is
 *   at most one run, so a redelivery cannot repeat a transition), and one `succeeded` audit entry
 *   per change the simulators journaled, no more, no less. A change made again for a later event
 *   (leave, back, leave again: sign-in off, on, off) is a change each time, not a duplicate.
 * Every seat is free (no run waits for a seat approval), the mass-change guard is off (the harness
 * default: terminations add up over the cases), and every person is a user of the IdP from the
 * start (the company's directory knows employees; Lanyard never creates IdP users), so no run
 * waits on a person and the property is decidable.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import type { HrEvent } from '../../functions/contracts/hr-event.ts';
import type { LeavePolicy } from '../../functions/core/lifecycle/leave-policies.ts';
import type { StoredAuditEntry } from '../../functions/ports/records/audit-log.ts';
import type { RunRecord } from '../../functions/ports/records/runs.ts';
import { type DeliveryPlan, type HistoryStep, historyEvents, impliedState } from './hr-streams.ts';
import { journaledEffects } from './journaled-effects.ts';
import { type StackHarness, startStackHarness } from './local-stack-harness.ts';
import { propertyParameters } from './property-runs.ts';
import { rawRequest } from './raw-http.ts';
import { settleStack } from './settle-stack.ts';
import { signedDeliveryHeaders } from './signed-delivery.ts';
import {
  type IdpJournalEntry,
  idpJournal,
  type JournalReader,
  type TrelloJournalEntry,
  trelloJournal,
} from './simulator-journals.ts';

/**
 * `{ seed, numRuns }` for a stream property: `runs` in `npm test`; under soak a tenth of
 * LANYARD_SOAK_RUNS (30 cases at the default 300) and never fewer than `runs`: a case here is a
 * whole stream of up to 75 deliveries and the runs they start, not one request.
 */
export function streamParameters(runs: number): { seed: number; numRuns: number } {
  const { seed, numRuns } = propertyParameters(runs);
  return { seed, numRuns: process.env.LANYARD_SOAK_RUNS ? Math.max(runs, Math.ceil(numRuns / 10)) : numRuns };
}

/** How long one case may take to settle before the test says what is still running. */
export const SETTLE_MS = 120_000;

/** One step of a hand-written history (a regression): a hire unless `choice` says otherwise. */
export function step(overrides: Partial<HistoryStep> = {}): HistoryStep {
  return { choice: 0, effectiveGapDays: 0, fullName: 'Ana Lima', department: null, ...overrides };
}

export interface HrStreamSuite {
  /** Two department names of the stack's config (known once the stack has started). */
  departments(): string[];
  /** Delivers the plan and checks the outcome against the model; throws (vitest) when it differs. */
  check(plan: DeliveryPlan): Promise<void>;
}

/** The Trello or IdP effect a succeeded audit entry stands for, in the journal's words. */
const AUDITED_EFFECT: Record<string, string> = {
  'invite-to-workspace': 'inviteToWorkspace',
  'add-to-workspace': 'addToWorkspace',
  'remove-from-workspace': 'removeFromWorkspace',
  'grant-seat': 'setLicensed:true',
  'grant-seat-after-leave': 'setLicensed:true',
  'reclaim-seat': 'setLicensed:false',
  'deactivate-member': 'setDeactivated:true',
  'deactivate-for-leave': 'setDeactivated:true',
  'reactivate-member': 'setDeactivated:false',
  'reactivate-after-leave': 'setDeactivated:false',
  'idp-deactivate-sign-in': 'idp:sign-in-off',
  'suspend-sign-in-for-leave': 'idp:sign-in-off',
  'idp-reactivate-sign-in': 'idp:sign-in-on',
  'restore-sign-in-after-leave': 'idp:sign-in-on',
};

interface Person {
  employeeId: string;
  email: string;
  events: HrEvent[];
}

interface Delivery {
  event: HrEvent;
  sameWebhookId: boolean;
  settleAfter: boolean;
}

/** A fresh local stack for the calling describe block, with `policy` as the deploy config's leave policy. */
export function hrStreamSuite(policy: LeavePolicy): HrStreamSuite {
  let h: StackHarness;
  let trello: JournalReader<TrelloJournalEntry>;
  let idp: JournalReader<IdpJournalEntry>;
  let departments: string[] = [];
  /** Fresh people and event ids per case, also across soak runs and replays in one process. */
  const fileTag = `${policy.slice(0, 2)}${randomBytes(3).toString('hex')}`;
  let caseNo = 0;

  beforeAll(async () => {
    h = await startStackHarness({ inMemory: true, config: { leaveOfAbsence: policy } });
    await h.control('POST', '/enterprise', { maxMembers: 100_000 });
    departments = Object.keys(h.stack.config.departmentWorkspaces).slice(0, 2);
    trello = trelloJournal(h.dataDir);
    idp = idpJournal(h.dataDir, h.stack.idp?.kind ?? 'okta');
    // A stack start took over 120 s on the shared machine beside two other vitest processes.
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  /** No invocation running and no execution running, three readings in a row. */
  const settle = () => settleStack(h, SETTLE_MS);

  function casePeople(plan: DeliveryPlan): Person[] {
    caseNo += 1;
    const start = new Date(Date.now() - 30 * 86_400_000);
    return plan.histories.map((history, i) => {
      const tag = `${fileTag}-${caseNo}-${i}`;
      const person = {
        employeeId: `E-STREAM-${tag}`,
        email: `stream.${tag}@example.com`,
        eventIdPrefix: `evt-stream-${tag}`,
      };
      return { ...person, events: historyEvents(history, person, start) };
    });
  }

  function deliveries(plan: DeliveryPlan, people: Person[]): Delivery[] {
    const copies = people.flatMap((p, i) =>
      p.events.flatMap((event, j) => Array.from({ length: plan.copies[i]?.[j] ?? 1 }, () => event)),
    );
    return plan.order.map((index, k) => ({
      event: copies[index] as HrEvent,
      sameWebhookId: plan.sameWebhookId[k] ?? false,
      settleAfter: plan.settleAfter[k] ?? true,
    }));
  }

  /** Posts each delivery signed as HR signs it; a retry keeps the webhook-id of the event's first delivery. */
  async function deliver(list: Delivery[]): Promise<Map<string, number[]>> {
    const answers = new Map<string, number[]>();
    const webhookIds = new Map<string, string>();
    for (const { event, sameWebhookId, settleAfter } of list) {
      const body = JSON.stringify(event);
      const first = webhookIds.get(event.id);
      const headers = signedDeliveryHeaders(
        h.stack.webhookSecret,
        body,
        sameWebhookId && first ? first : undefined,
      );
      if (!first) webhookIds.set(event.id, headers['webhook-id'] as string);
      const answer = await rawRequest(h.stack.api.url, 'POST', '/hr/events', headers, body);
      answers.set(event.id, [...(answers.get(event.id) ?? []), answer.status]);
      if (settleAfter) await settle();
    }
    await settle();
    return answers;
  }

  async function auditOf(person: Person): Promise<StoredAuditEntry[]> {
    const runs: RunRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = await h.records.runs.listRuns({ employeeId: person.employeeId, limit: 100, cursor });
      runs.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const entries = await Promise.all(runs.map((run) => h.records.audit.runAudit(run.runId)));
    return entries.flat().map(({ entry }) => entry);
  }

  function executionsPerEvent(): Map<string, number> {
    const { executions, stateMachines } = h.stack.runtime;
    const count = new Map<string, number>();
    for (const arn of Object.values(stateMachines))
      for (const execution of executions.list(arn)) {
        const id = (JSON.parse(execution.input) as { detail?: { id?: string } }).detail?.id;
        if (id) count.set(id, (count.get(id) ?? 0) + 1);
      }
    return count;
  }

  async function check(plan: DeliveryPlan): Promise<void> {
    const people = casePeople(plan);
    // Read from here: the IdP journals each user as added, which the effects start from.
    trello.since();
    idp.since();
    for (const person of people) h.stack.idp?.addUser({ email: person.email });

    const answers = await deliver(deliveries(plan, people));

    const trelloEntries = trello.since();
    const idpEntries = idp.since();
    const perEvent = executionsPerEvent();
    const members = h.stack.trello.state.snapshot().members;
    for (const person of people) {
      const who = `${person.employeeId} (${policy}): ${person.events.map((e) => e.type.replace('employee.', '')).join(', ')}`;
      for (const event of person.events) {
        const statuses = answers.get(event.id) ?? [];
        expect(
          statuses.filter((s) => s !== 200),
          `${who}: ${event.id} answered ${statuses.join(', ')}`,
        ).toHaveLength(1);
        expect([202, 409], `${who}: ${event.id} answered ${statuses.join(', ')}`).toContain(
          statuses.find((s) => s !== 200),
        );
        expect(perEvent.get(event.id) ?? 0, `${who}: executions of ${event.id}`).toBeLessThanOrEqual(1);
      }

      const implied = impliedState(person.events, policy);
      const profile = await h.records.people.getProfile(person.employeeId);
      const accounts = members.filter((m) => m.email === person.email);
      const user = h.stack.idp?.user(person.email);
      expect(accounts.length, `${who}: Trello accounts`).toBeLessThanOrEqual(1);
      const account = accounts[0];
      expect(profile?.lifecycle, `${who}: lifecycle`).toBe(implied.lifecycle);
      expect(user?.signInActive, `${who}: IdP sign-in`).toBe(implied.signInActive);
      if (implied.trello) {
        expect(profile?.onLeave, `${who}: on leave`).toBe(implied.onLeave);
        expect(account, `${who}: a Trello account`).toBeDefined();
        expect(profile?.trelloMemberId, `${who}: the account on the record`).toBe(account?.id);
        expect({ licensed: account?.licensed, deactivated: account?.deactivated }, `${who}: Trello`).toEqual(
          implied.trello,
        );
      } else if (account) {
        expect(
          { licensed: account.licensed, deactivated: account.deactivated },
          `${who}: Trello cut`,
        ).toEqual({
          licensed: false,
          deactivated: true,
        });
      }
      expect({ fullName: profile?.fullName, department: profile?.department }, `${who}: HR data`).toEqual({
        fullName: implied.fullName,
        department: implied.department,
      });

      const { effects, redundant } = journaledEffects(
        person.email,
        new Set(accounts.map((m) => m.id)),
        trelloEntries,
        idpEntries,
      );
      expect(redundant, `${who}: effects made twice`).toEqual([]);
      const audit = await auditOf(person);
      const succeeded = audit.filter((entry) => entry.result === 'succeeded');
      const perRun = new Map<string, number>();
      for (const entry of succeeded) {
        const key = `${entry.runId} ${entry.action} ${entry.target}`;
        perRun.set(key, (perRun.get(key) ?? 0) + 1);
      }
      expect(
        [...perRun].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`),
        `${who}: one change made twice by one run`,
      ).toEqual([]);
      const audited = succeeded.map((entry) => AUDITED_EFFECT[entry.action] ?? `unmapped:${entry.action}`);
      expect(
        [...audited].sort(),
        `${who}: one succeeded audit entry per journaled change (audit: ${audit.map((e) => `${e.runId} ${e.action} ${e.result}`).join('; ')})`,
      ).toEqual([...effects].sort());
    }
  }

  return { departments: () => departments, check };
}
