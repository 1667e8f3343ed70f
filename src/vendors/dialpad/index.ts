import type { VendorModule } from '../registry.js';
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
  collect: collectDialpad,
};

export { collectDialpad } from './collect.js';
export { normalizeDialpad } from './normalize.js';
