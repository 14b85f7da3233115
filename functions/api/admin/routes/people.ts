import * as z from 'zod';
import { PersonProfile } from '../../../contracts/records/people.ts';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody, Person } from '../admin-schemas.ts';
import { HttpProblem } from '../http-errors.ts';
import { createRoute } from '../openapi-zod.ts';
import { shownRun } from '../shown-run.ts';

/** People a search answers at most: enough to pick from, few enough to read on every keystroke. */
const SEARCH_LIMIT = 20;

export const FoundPerson = PersonProfile.pick({
  employeeId: true,
  email: true,
  fullName: true,
  department: true,
  lifecycle: true,
}).openapi('FoundPerson');

export const PeopleFoundAnswer = z.object({ items: z.array(FoundPerson) }).openapi('PeopleFound');

const search = createRoute({
  method: 'get',
  path: '/admin/people',
  summary: 'Finds people by the start of their name (or surname), email or employee id',
  description: `Case and accents are ignored; the id or email typed in full comes first; at most ${SEARCH_LIMIT} people. Answered from an index, never by reading every person.`,
  request: {
    query: z.object({
      q: z.string().trim().min(1, 'q must name someone: part of a name, an email or an employee id').max(200),
    }),
  },
  responses: {
    200: {
      description: 'The people found (none: an empty list)',
      content: {
        'application/json': { schema: PeopleFoundAnswer },
      },
    },
    400: { description: 'No query', content: { 'application/json': { schema: ErrorBody } } },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const get = createRoute({
  method: 'get',
  path: '/admin/people/{employeeId}',
  summary: "A person's profile, HR event history (stale events marked) and most recent runs",
  request: { params: z.object({ employeeId: z.string().min(1).max(128) }) },
  responses: {
    200: { description: 'The person', content: { 'application/json': { schema: Person } } },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
    404: {
      description: 'Lanyard has no record of them',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

export function registerPeopleRoutes(app: AdminApp): void {
  app.openapi(search, async (c) => {
    const { q } = c.req.valid('query');
    const people = await c.var.deps.people.searchPeople(q, SEARCH_LIMIT);
    return c.json(
      {
        items: people.map(({ employeeId, email, fullName, department, lifecycle }) => ({
          employeeId,
          email,
          fullName,
          department,
          lifecycle,
        })),
      },
      200,
    );
  });
  app.openapi(get, async (c) => {
    const { employeeId } = c.req.valid('param');
    const { people, runs } = c.var.deps;
    const [profile, events, personRuns] = await Promise.all([
      people.getProfile(employeeId),
      people.listPersonEvents(employeeId),
      runs.listRuns({ employeeId, limit: 50 }),
    ]);
    if (profile === null) {
      throw new HttpProblem(
        404,
        'not-found',
        `Lanyard has no record of employee ${employeeId}; records start with their first HR event`,
      );
    }
    return c.json({ profile, events, runs: personRuns.items.map(shownRun) }, 200);
  });
}
