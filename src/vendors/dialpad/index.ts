import type { VendorModule } from '../registry.js';
import { dialpadApply } from './apply.js';
import { DIALPAD_BASE_URL } from './api.js';
import { collectDialpad } from './collect.js';

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
  apply: dialpadApply,
};

export { collectDialpad } from './collect.js';
export { normalizeDialpad } from './normalize.js';
