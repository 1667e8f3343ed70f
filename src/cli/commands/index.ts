import type { CommandSpec } from './types.js';
import { auditCommand } from './audit.js';
import { doctorCommand } from './doctor.js';
import { idpCommand } from './idp.js';
import { initCommand } from './init.js';
import { packCommand } from './pack.js';
import { planCommand } from './plan.js';
import { runCommand } from './run.js';
import { simulateCommand } from './simulate.js';
import { snapshotCommand } from './snapshot.js';
import { verifyCommand } from './verify.js';

export const COMMANDS: CommandSpec[] = [
  runCommand,
  snapshotCommand,
  auditCommand,
  verifyCommand,
  idpCommand,
  planCommand,
  packCommand,
  initCommand,
  doctorCommand,
  simulateCommand,
];
