import { describe, expect, it } from 'vitest';
import { EnterpriseState } from '../../../../infra/local/simulators/trello/enterprise-state.ts';
import { generateSeed, seedCredentials } from '../../../../infra/local/simulators/trello/seeds.ts';
import { SimClock } from '../../../../infra/local/simulators/trello/sim-clock.ts';
import {
  type PresetName,
  parseStateSnapshot,
} from '../../../../infra/local/simulators/trello/state-schema.ts';

const anchor = new Date('2026-11-20T00:00:00.000Z');

describe('Trello simulator: seeds', () => {
  it.each<PresetName>(['tiny', 'demo', '5k'])(
    'generates %s byte-identically from the same inputs',
    (preset) => {
      const a = JSON.stringify(generateSeed({ preset, seed: 9, anchor }));
      const b = JSON.stringify(generateSeed({ preset, seed: 9, anchor }));
      expect(a).toBe(b);
      expect(JSON.stringify(generateSeed({ preset, seed: 10, anchor }))).not.toBe(a);
    },
  );

  it('keeps ids and credentials stable when only the anchor moves', () => {
    const a = generateSeed({ preset: 'demo', seed: 4, anchor });
    const b = generateSeed({ preset: 'demo', seed: 4, anchor: new Date('2027-01-01T00:00:00Z') });
    expect(b.members.map((m) => m.id)).toEqual(a.members.map((m) => m.id));
    expect(b.meta.apiKey).toBe(a.meta.apiKey);
    expect(seedCredentials('demo', 4)).toEqual({ apiKey: a.meta.apiKey, adminToken: a.meta.adminToken });
  });

  it('gives every seed an admin token that never expires, owned by the service account', () => {
    for (let seed = 0; seed < 25; seed++) {
      const snapshot = generateSeed({ preset: 'demo', seed, anchor });
      const adminToken = snapshot.tokens.find((t) => t.value === snapshot.meta.adminToken);
      expect(adminToken).toMatchObject({
        dateExpires: null,
        idMember: snapshot.meta.serviceAccountId,
        kind: 'api',
      });
    }
  });

  it('round-trips through restore() and snapshot() unchanged, and validates', () => {
    const snapshot = generateSeed({ preset: 'demo', seed: 5, anchor });
    const state = new EnterpriseState(
      new SimClock(),
      parseStateSnapshot(JSON.parse(JSON.stringify(snapshot))),
    );
    expect(JSON.stringify(state.snapshot())).toBe(JSON.stringify(snapshot));
  });

  it('represents every kind of person, Workspace, board and token in the tiny preset', () => {
    const snapshot = generateSeed({ preset: 'tiny', seed: 1, anchor });
    const state = new EnterpriseState(new SimClock(), snapshot);
    const members = snapshot.members.map((m) => ({ m, flags: state.flags(state.member(m.id) ?? m) }));
    const idleDays = (iso: string | null) =>
      iso === null ? Infinity : (anchor.getTime() - Date.parse(iso)) / 86_400_000;
    const licensedIdle = members
      .filter(({ flags }) => flags.licensed)
      .map(({ m }) => idleDays(m.dateLastImpression));
    for (const span of [30, 60, 90, 180, 400]) {
      expect(licensedIdle.some((d) => d >= span && d < span + 6)).toBe(true);
    }
    expect(members.some(({ flags }) => flags.managed && !flags.licensed && !flags.deactivated)).toBe(true);
    expect(members.some(({ flags, m }) => flags.collaborator && m.email.endsWith('.test'))).toBe(true);
    expect(
      members.some(({ flags, m }) => flags.collaborator && m.email.endsWith('partner.example.net')),
    ).toBe(true);
    expect(members.some(({ flags }) => flags.deactivated)).toBe(true);
    expect(members.some(({ m }) => !m.confirmed)).toBe(true);
    const admins = members.filter(({ flags }) => flags.admin);
    expect(admins.length).toBeGreaterThanOrEqual(1);
    expect(admins.length).toBeLessThanOrEqual(3);
    expect(admins.map(({ m }) => m.id)).toContain(snapshot.meta.serviceAccountId);
    const adminToken = snapshot.tokens.find((t) => t.value === snapshot.meta.adminToken);
    expect(adminToken?.idMember).toBe(snapshot.meta.serviceAccountId);

    const names = snapshot.organizations.map((o) => o.displayName);
    expect(names).toEqual(
      expect.arrayContaining(['Example Co', 'Engineering', 'Design', 'Sales', 'Marketing']),
    );
    expect(names).toEqual(expect.arrayContaining(['Finance', 'People', 'Support']));
    expect(state.claimableOrganizations()).toHaveLength(1);
    expect(state.pendingOrganizations()).toHaveLength(1);
    expect(snapshot.boards.some((b) => b.permissionLevel === 'public')).toBe(true);
    expect(
      snapshot.boards.some(
        (b) => b.memberships.filter((ms) => ms.memberType === 'admin' && !ms.deactivated).length === 1,
      ),
    ).toBe(true);
    expect(new Set(snapshot.tokens.map((t) => t.kind))).toEqual(
      new Set(['api', 'power-up', 'mobile-session']),
    );
    const max = snapshot.enterprise.maxMembers ?? 0;
    expect(max - state.licensedCount).toBeGreaterThan(0);
  });

  it('generates the 100k preset and pages it without rescanning', () => {
    const started = performance.now();
    const snapshot = generateSeed({ preset: '100k', seed: 1, anchor });
    const generatedMs = performance.now() - started;
    expect(snapshot.members).toHaveLength(100_000);

    const state = new EnterpriseState(new SimClock(), snapshot);
    // Rescanning from the start for every page would make each page cost more than the one before:
    // the last pages are compared with the first, both timed in this run (a ratio, so a loaded
    // machine slows both alike; rescanning would make it about a hundredfold).
    const pageMs: number[] = [];
    let cursor: string | null = null;
    let rows = 0;
    do {
      const pageStarted = performance.now();
      const page = state.queryMembers({ licensed: true }, cursor, 100);
      pageMs.push(performance.now() - pageStarted);
      rows += page.rows.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(rows).toBe(state.licensedCount);
    expect(pageMs).toHaveLength(Math.ceil(rows / 100));
    const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0);
    const first = sum(pageMs.slice(0, 100));
    const last = sum(pageMs.slice(-100));
    expect(last).toBeLessThan(10 * Math.max(first, 1));
    console.info(
      `100k preset: generated in ${Math.round(generatedMs)} ms; ${pageMs.length} pages of licensed members in ${Math.round(sum(pageMs))} ms (last 100 pages ${Math.round(last)} ms, first 100 ${Math.round(first)} ms)`,
    );
  });
});
