/**
 * What the admin API shows of a record derives from the record's schema
 * (functions/contracts/records/): the API may leave a field out (listed below, with why) and join
 * fields in (`person`, a sweep's members…), never show a field the record lacks or type one
 * differently. This fails when the two drift, naming the field and what differs.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ReconciliationView } from '../../../cli/commands/reconcile.ts';
import { SweepView } from '../../../cli/commands/sweep.ts';
import { PeopleFound } from '../../../cli/find-person.ts';
import { ApprovalItem, RunItem } from '../../../functions/adapters/dynamodb/record-schemas.ts';
import * as api from '../../../functions/api/admin/admin-schemas.ts';
import { FoundPerson, PeopleFoundAnswer } from '../../../functions/api/admin/routes/people.ts';
import { Batch, HeldRun } from '../../../functions/api/admin/routes/quarantine.ts';
import {
  Finding,
  Reconciliation,
  ReconciliationListItem,
} from '../../../functions/api/admin/routes/reconciliations.ts';
import { Sweep, SweepListItem, SweepMember } from '../../../functions/api/admin/routes/sweeps.ts';
import { AuditVerification, StoredAuditEntry } from '../../../functions/contracts/records/audit.ts';
import * as guard from '../../../functions/contracts/records/guard.ts';
import { SeatReading, StoredNotification } from '../../../functions/contracts/records/notifications.ts';
import { PersonEvent, PersonProfile } from '../../../functions/contracts/records/people.ts';
import {
  ReconciliationFinding,
  ReconciliationRecord,
} from '../../../functions/contracts/records/reconciliations.ts';
import { RunRecord } from '../../../functions/contracts/records/runs.ts';
import * as records from '../../../functions/contracts/records/sweeps.ts';

interface Showing {
  /** The API's schema and the record schema it shows. */
  api: z.ZodType;
  record: z.ZodType;
  /** Record fields the API leaves out, by path (`a.b`; arrays are looked through), and why. */
  hidden?: Record<string, string>;
  /** Fields only the API has: what it joins in when it answers. */
  joined?: readonly string[];
  /** Record fields the API shows only some of (a pick): every other field is left out. */
  picked?: true;
}

const CUT_REV = "the cut's optimistic-concurrency counter: internal to the store";
const CUT_REVS = {
  'cuts.trello.rev': CUT_REV,
  'cuts.idp.rev': CUT_REV,
  'earlierAttempts.cuts.trello.rev': CUT_REV,
  'earlierAttempts.cuts.idp.rev': CUT_REV,
};
const REPORT_RUN = ['runStatus', 'outcome', 'summary'];

/** Every admin API schema that shows a record. */
const SHOWINGS: Record<string, Showing> = {
  Run: {
    api: api.Run,
    record: RunRecord,
    hidden: { event: 'the HR event as it arrived: the run page names it by eventId', ...CUT_REVS },
    joined: ['person'],
  },
  RunStep: { api: api.RunStep, record: RunRecord.shape.steps.element },
  AuditEntry: { api: api.AuditEntry, record: StoredAuditEntry, joined: ['person'] },
  AuditVerification: { api: api.AuditVerification, record: AuditVerification },
  Approval: {
    api: api.Approval,
    // The stored item, so the task token is proved absent from what the API shows.
    record: ApprovalItem,
    hidden: { taskToken: 'answers the waiting workflow step; it never leaves the server' },
    joined: ['person'],
  },
  PersonProfile: { api: api.PersonProfile, record: PersonProfile },
  PersonEvent: { api: api.PersonEvent, record: PersonEvent },
  FoundPerson: { api: FoundPerson, record: PersonProfile, picked: true },
  Notification: { api: api.StoredNotification, record: StoredNotification },
  SeatTrend: { api: api.SeatTrend, record: z.array(SeatReading) },
  Sweep: {
    api: Sweep,
    record: records.SweepRecord,
    joined: ['counts', 'approval', 'members', 'nextCursor'],
  },
  SweepListItem: { api: SweepListItem, record: records.SweepRecord, joined: REPORT_RUN },
  SweepMember: { api: SweepMember, record: records.SweepMember, joined: ['status'] },
  Reconciliation: {
    api: Reconciliation,
    record: ReconciliationRecord,
    joined: [...REPORT_RUN, 'counts', 'approval', 'findings', 'nextCursor'],
  },
  ReconciliationListItem: { api: ReconciliationListItem, record: ReconciliationRecord, joined: REPORT_RUN },
  ReconciliationFinding: { api: Finding, record: ReconciliationFinding },
  HeldRun: {
    api: HeldRun,
    record: guard.HeldRun,
    hidden: { batchId: 'listed under its batch, which names it' },
  },
  QuarantineBatch: {
    api: Batch,
    record: guard.QuarantineBatch,
    joined: ['pending', 'byDepartment', 'byManager', 'runs'],
  },
};

/** The wrappers around a schema (optional, nullable, default, array) and what they wrap. */
function unwrap(schema: z.ZodType): { core: z.ZodType; wrappers: string[] } {
  const wrappers: string[] = [];
  let core = schema;
  for (;;) {
    if (core instanceof z.ZodOptional || core instanceof z.ZodNullable || core instanceof z.ZodDefault) {
      wrappers.push(core.def.type);
      core = core.def.innerType as z.ZodType;
    } else if (core instanceof z.ZodArray) {
      wrappers.push('array');
      core = core.element as z.ZodType;
    } else return { core, wrappers };
  }
}

/** A leaf's JSON Schema without what only documents it. */
function typeOf(schema: z.ZodType): string {
  return JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }), (key, value) =>
    ['description', 'examples', 'example', '$schema'].includes(key) ? undefined : value,
  );
}

/** How `shown` differs from `record`, field by field; `used` collects the allowances met. */
function driftOf(
  record: z.ZodType,
  shown: z.ZodType,
  showing: Showing,
  used: Set<string>,
  path = '',
): string[] {
  const r = unwrap(record);
  const a = unwrap(shown);
  const at = path || '(the schema)';
  if (r.wrappers.join(' ') !== a.wrappers.join(' '))
    return [
      `${at}: ${r.wrappers.join(' ') || 'plain'} in the record, ${a.wrappers.join(' ') || 'plain'} in the API`,
    ];
  if (!(r.core instanceof z.ZodObject && a.core instanceof z.ZodObject))
    return typeOf(r.core) === typeOf(a.core)
      ? []
      : [`${at}: ${typeOf(r.core)} in the record, ${typeOf(a.core)} in the API`];
  const recordShape = r.core.shape as Record<string, z.ZodType>;
  const apiShape = a.core.shape as Record<string, z.ZodType>;
  const problems: string[] = [];
  const fieldPath = (key: string) => (path ? `${path}.${key}` : key);
  for (const key of Object.keys(apiShape)) {
    const p = fieldPath(key);
    if (key in recordShape) continue;
    if (showing.joined?.includes(p)) used.add(p);
    else problems.push(`${p}: the API shows it, the record has no such field`);
  }
  for (const [key, field] of Object.entries(recordShape)) {
    const p = fieldPath(key);
    if (showing.hidden && p in showing.hidden) {
      used.add(p);
      if (key in apiShape) problems.push(`${p}: listed as left out, but the API shows it`);
    } else if (key in apiShape)
      problems.push(...driftOf(field, apiShape[key] as z.ZodType, showing, used, p));
    else if (!showing.picked)
      problems.push(`${p}: the record has it, the API neither shows it nor lists it as left out`);
  }
  return problems;
}

function check(showing: Showing): string[] {
  const used = new Set<string>();
  const problems = driftOf(showing.record, showing.api, showing, used);
  const allowed = [...Object.keys(showing.hidden ?? {}), ...(showing.joined ?? [])];
  return [...problems, ...allowed.filter((p) => !used.has(p)).map((p) => `${p}: listed, but no such field`)];
}

/**
 * The `lanyard` CLI reads the API's answers as a tolerant reader (statuses as plain strings, so a
 * newer server's new status does not break it) but never a field the answer does not have.
 */
const CLI_READS: Record<string, { reader: z.ZodType; api: z.ZodType }> = {
  'lanyard sweep': { reader: SweepView, api: Sweep },
  'lanyard reconcile': { reader: ReconciliationView, api: Reconciliation },
  'people lookup': { reader: PeopleFound, api: PeopleFoundAnswer },
};

/** Fields `reader` reads that `shown` does not have, at any depth. */
function unknownFields(reader: z.ZodType, shown: z.ZodType, path = ''): string[] {
  const r = unwrap(reader).core;
  const a = unwrap(shown).core;
  if (!(r instanceof z.ZodObject && a instanceof z.ZodObject)) return [];
  const apiShape = a.shape as Record<string, z.ZodType>;
  return Object.entries(r.shape as Record<string, z.ZodType>).flatMap(([key, field]) => {
    const p = path ? `${path}.${key}` : key;
    const answered = apiShape[key];
    return answered
      ? unknownFields(field, answered, p)
      : [`${p}: the CLI reads it, the API has no such field`];
  });
}

describe('the admin API shows records as their schemas say', () => {
  it.each(Object.entries(SHOWINGS))('%s', (_name, showing) => {
    expect(check(showing)).toEqual([]);
  });

  it.each(Object.entries(CLI_READS))('%s reads only fields the API has', (_name, { reader, api: shown }) => {
    expect(unknownFields(reader, shown)).toEqual([]);
  });

  it('names a field the CLI reads that the API lacks, at any depth', () => {
    const reader = z.object({ status: z.string(), findings: z.array(z.object({ nope: z.string() })) });
    expect(unknownFields(reader, Reconciliation)).toEqual([
      'findings.nope: the CLI reads it, the API has no such field',
    ]);
  });

  it('never shows what only storage keeps', () => {
    const shownKeys = (schema: z.ZodType) => Object.keys((unwrap(schema).core as z.ZodObject).shape);
    expect(shownKeys(api.Approval)).not.toContain('taskToken');
    expect(shownKeys(api.Run)).not.toContain('event');
    expect(shownKeys(api.AccessCut)).not.toContain('rev');
    for (const storageOnly of ['stepOrder', 'cut_trello', 'cut_idp'])
      expect(Object.keys(RunItem.shape)).toContain(storageOnly);
    expect(shownKeys(api.Run).filter((k) => ['stepOrder', 'cut_trello', 'cut_idp'].includes(k))).toEqual([]);
  });

  it('names each drift: a field the record lacks, one left out unlisted, a type or wrapper changed', () => {
    const record = z.object({ id: z.string(), at: z.string(), count: z.number().int(), note: z.string() });
    const drifted = record
      .omit({ note: true })
      .extend({ at: z.number(), count: z.number().int().nullable(), extra: z.string() });
    expect(check({ api: drifted, record, joined: ['person'] })).toEqual([
      'extra: the API shows it, the record has no such field',
      'at: {"type":"string"} in the record, {"type":"number"} in the API',
      'count: plain in the record, nullable in the API',
      'note: the record has it, the API neither shows it nor lists it as left out',
      'person: listed, but no such field',
    ]);
  });
});
