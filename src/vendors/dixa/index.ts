import type { VendorModule } from '../registry.js';
import { DIXA_BASE_URL } from './api.js';
import { collectDixa } from './collect.js';
import { DEMO_DIXA_TOKEN } from '../../demo/constants.js';
import { startDixaSimulator } from './simulator/index.js';

export const dixaModule: VendorModule = {
  vendor: 'dixa',
  label: 'Dixa',
  tokenEnv: 'DIXA_API_TOKEN',
  urlFlag: '--dixa-url',
  documentedBaseUrl: DIXA_BASE_URL,
  baseUrl: (config) => config.vendors.dixa.baseUrl,
  // The raw token, no "Bearer" (spec securityScheme apiKey in header Authorization; research/dixa.md section 1).
  authorization: (token) => token,
  rateLimit: (config) => config.vendors.dixa.rateLimit,
  concurrency: (config) => config.vendors.dixa.concurrency,
  // An agent that cannot be read may be someone's seat or second account; a member, team or queue record the
  // holdings a deactivated account keeps; a presence record whether an invite was accepted.
  rulesFedBy: {
    agents: ['MISSING_SEAT', 'DUPLICATE_ACCOUNT'],
    presence: ['UNACCEPTED_INVITE', 'INACTIVE_ACCOUNT'],
    teams: ['DEACTIVATED_STILL_ASSIGNED'],
    'team-members': ['DEACTIVATED_STILL_ASSIGNED'],
    queues: ['DEACTIVATED_STILL_ASSIGNED'],
    'queue-members': ['DEACTIVATED_STILL_ASSIGNED'],
    endusers: ['DEACTIVATED_STILL_ASSIGNED'],
  },
  collect: collectDixa,
  startDemoSimulator: (fx, port) => startDixaSimulator(fx.dixa, { tokens: [DEMO_DIXA_TOKEN], ...(port ? { port } : {}) }),
  demoToken: DEMO_DIXA_TOKEN,
  doctorProbes: [
    {
      path: '/v1/organization',
      proves: 'token accepted (a "Dixa API" token)',
      // research/dixa.md section 1: tokens are made under Settings -> Integrations -> API Tokens, and only one created
      // with API version "Dixa API" works on dev.dixa.io; an "Integrations API" token is refused there.
      on401:
        'the token is refused: create one in Dixa under Settings -> Integrations -> API Tokens with API version "Dixa API" (not "Integrations API"), as an administrator',
      on403: 'the token may not read the organization: create it as a Dixa administrator, API version "Dixa API"',
    },
    {
      path: '/v1/agents?pageLimit=1',
      proves: 'agents can be listed',
      on401: 'the token is refused on /v1/agents: create a "Dixa API" token as an administrator',
      on403: 'the token may not list agents: create the token as a Dixa administrator',
    },
  ],
};

export { collectDixa } from './collect.js';
export { normalizeDixa } from './normalize.js';
