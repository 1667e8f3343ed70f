/** One line of `access-audit doctor`: what was checked, whether it passed, and what to do when it did not. */
export interface DoctorCheck {
  /** Short name, e.g. "Dixa token" or "IdP export". */
  check: string;
  ok: boolean;
  /** What was found (never a token). */
  detail: string;
  /** What to do; null when the check passed. */
  fix: string | null;
}

export const pass = (check: string, detail: string): DoctorCheck => ({ check, ok: true, detail, fix: null });
export const fail = (check: string, detail: string, fix: string): DoctorCheck => ({ check, ok: false, detail, fix });
