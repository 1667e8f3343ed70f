import type { VendorModule } from '../registry.js';
import { DIALPAD_BASE_URL } from './api.js';
import { collectDialpad } from './collect.js';
import { DEMO_DIALPAD_TOKEN } from '../../demo/constants.js';
import { startDialpadSimulator } from './simulator/index.js';

export const dialpadModule: VendorModule = {
  vendor: 'dialpad',
  label: 'Dialpad',
  tokenEnv: 'DIALPAD_API_TOKEN',
  urlFlag: '--dialpad-url',
  documentedBaseUrl: DIALPAD_BASE_URL,
  baseUrl: (config) => config.vendors.dialpad.baseUrl,
  authorization: (token) => `Bearer ${token}`,
  rateLimit: (config) => config.vendors.dialpad.rateLimit,
  concurrency: (config) => config.vendors.dialpad.concurrency,
  // A user that cannot be read may be someone's seat or second account; an office or license record the seat
  // pools; a call center, operator or number record the holdings a suspended account keeps.
  rulesFedBy: {
    users: ['MISSING_SEAT', 'DUPLICATE_ACCOUNT', 'SEAT_SHORTFALL'],
    offices: ['SEAT_SHORTFALL'],
    licenses: ['SEAT_SHORTFALL'],
    callcenters: ['DEACTIVATED_STILL_ASSIGNED'],
    operators: ['DEACTIVATED_STILL_ASSIGNED'],
    numbers: ['DEACTIVATED_STILL_ASSIGNED'],
    devices: ['INACTIVE_ACCOUNT'],
  },
  collect: collectDialpad,
  startDemoSimulator: (fx, port) => startDialpadSimulator(fx.dialpad, { tokens: [DEMO_DIALPAD_TOKEN], ...(port ? { port } : {}) }),
  demoToken: DEMO_DIALPAD_TOKEN,
  doctorProbes: [
    {
      path: '/api/v2/users?limit=1',
      proves: 'API key accepted',
      on401: 'the key is refused: create an API key in Dialpad (Admin settings -> My company -> Authentication -> API keys)',
      on403: 'the key may not list users: use a company-admin API key',
    },
    {
      // "Requires a company admin API key" (spec, GET /company and GET /numbers): without it numbers go unseen.
      path: '/api/v2/company',
      proves: 'company-admin key (needed for /numbers and /company)',
      on401: 'the key is refused on /company: create a company-admin API key',
      on403: 'this key is not a company-admin key: /numbers and /company need one (create the key as a company admin)',
    },
  ],
};

export { collectDialpad } from './collect.js';
export { normalizeDialpad } from './normalize.js';
