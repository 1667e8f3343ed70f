/**
 * Fake tokens the simulators accept in the demo run (`run --demo`). They open nothing but the loopback simulators,
 * so keeping them in the source is harmless; real tokens only ever come from the environment.
 */
export const DEMO_DIXA_TOKEN = 'demo-dixa-token-not-a-secret';
export const DEMO_DIALPAD_TOKEN = 'demo-dialpad-token-not-a-secret';

/** Environment variables a real run reads the tokens from (DESIGN.md section 7). */
export const TOKEN_ENV = { dixa: 'DIXA_API_TOKEN', dialpad: 'DIALPAD_API_TOKEN' } as const;

/** Bump when the same seed would produce different files, so stale fixtures are caught by the regeneration test. */
export const GENERATOR_VERSION = '1.3.0';

/** Default as-of anchor of the committed demo organisation. */
export const DEMO_AS_OF = '2026-11-01T00:00:00Z';

/** File names inside a demo folder (fixtures/demo/README.md documents them). */
export const DEMO_FILES = {
  meta: 'demo.json',
  dixaState: 'dixa-state.json',
  dialpadState: 'dialpad-state.json',
  idpUsers: 'idp-users.csv',
  assignments: 'idp-assignments.csv',
  config: 'access-audit.config.json',
  exceptions: 'exceptions.json',
  answerKey: 'answer-key.json',
} as const;
