export * from './common.js';
export * from './identity.js';
export * from './account.js';
export * from './snapshot.js';
export * from './finding.js';
export * from './plan.js';
export * from './licence.js';
export * from './remediation.js';
