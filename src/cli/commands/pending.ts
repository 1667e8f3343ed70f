import { AuditError, ExitCode } from '../../errors.js';

/** Commands whose issue has not landed yet fail clearly instead of pretending. */
export function notBuiltYet(command: string): never {
  throw new AuditError(`access-audit ${command}: not built yet in this version`, {
    exitCode: ExitCode.BAD_INPUT,
    hint: 'see README.md for the commands available',
  });
}
