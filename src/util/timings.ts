/**
 * Phase timings of a real run (issue 19): with ACCESS_AUDIT_TIMINGS=1 in the environment, each phase of `audit` and
 * `run` (snapshot load, IdP read, audit, plan, each report, hashing, ...) prints one line to stderr when it ends:
 *
 *   access-audit timing: phase=workbook wall_ms=1234 cpu_ms=1180 rss_mb=310 peak_rss_mb=402
 *
 * cpu_ms is the process's CPU time (user + system, every thread) during the phase: on a shared machine it is the
 * steadier figure, wall time stretching with the load.
 *
 * Stderr and not run.json or findings.json: timings differ on every run, and those files are compared byte for byte
 * between runs. The variable is read when a phase ends, so nothing is kept between phases.
 */
export const TIMINGS_ENV = 'ACCESS_AUDIT_TIMINGS';

/** True when ACCESS_AUDIT_TIMINGS asks for timing lines (1, true, yes). */
export function timingsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env[TIMINGS_ENV]?.trim() ?? '');
}

/** The line one phase prints; bench/e2e-scale.ts parses it. */
export function timingLine(phase: string, wallMs: number, cpu: NodeJS.CpuUsage): string {
  const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  // maxRSS is in KiB.
  return `access-audit timing: phase=${phase} wall_ms=${Math.round(wallMs)} cpu_ms=${cpuMs} rss_mb=${mb(process.memoryUsage.rss())} peak_rss_mb=${mb(process.resourceUsage().maxRSS * 1024)}\n`;
}

/** Runs one synchronous phase, printing its timing line when enabled. */
export function timePhaseSync<T>(phase: string, fn: () => T): T {
  if (!timingsEnabled()) return fn();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const out = fn();
  process.stderr.write(timingLine(phase, performance.now() - started, process.cpuUsage(cpu)));
  return out;
}

/** Runs one asynchronous phase, printing its timing line when enabled. */
export async function timePhase<T>(phase: string, fn: () => Promise<T>): Promise<T> {
  if (!timingsEnabled()) return fn();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const out = await fn();
  process.stderr.write(timingLine(phase, performance.now() - started, process.cpuUsage(cpu)));
  return out;
}
