import type { VendorModule } from '../registry.js';
import { dixaApply } from './apply.js';
import { DIXA_BASE_URL } from './api.js';
import { collectDixa } from './collect.js';

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
  apply: dixaApply,
};

export { collectDixa } from './collect.js';
export { normalizeDixa } from './normalize.js';
