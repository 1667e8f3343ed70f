import type { GenerateOptions } from './generate.js';
import { DEMO_AS_OF } from './constants.js';

/**
 * The two committed organisations. fixtures/demo is the default demo (Okta); fixtures/demo-alt differs in seed,
 * size, proportions, company, IdP format (Google Workspace), configured admin groups and a default Dialpad office,
 * so an audit cannot pass by accident on one shape of data.
 */
export const DEMO_PROFILES: Record<string, GenerateOptions> = {
  demo: { seed: 42, people: 300, asOf: DEMO_AS_OF, idpFormat: 'okta-rockstar-users' },
  'demo-alt': {
    seed: 7331,
    people: 260,
    asOf: '2026-09-15T12:00:00Z',
    idpFormat: 'google-users',
    copies: 3,
    proportions: { suspended: 0.08, deprovisioned: 0.1, staged: 0.04, temporary: 0, youngInvite: 0.12 },
    company: { name: 'Northwind Freight', domain: 'northwind.example', acquiredDomain: 'bluefin.example', subdomain: 'northwind' },
    adminGroups: ['IT Administrators'],
    dialpadDefaultOffice: 'Berlin',
    shortfallOffices: 1,
  },
};

/** Output folder of each committed profile, relative to the repository root. */
export const DEMO_PROFILE_DIRS: Record<string, string> = { demo: 'fixtures/demo', 'demo-alt': 'fixtures/demo-alt' };
