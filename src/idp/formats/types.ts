import type { Assignment, DataQualityKind, Identity, IdpFormat } from '../../model/identity.js';
import type { ColumnMapping } from '../mapping.js';
import { normalizeHeaderName } from '../header.js';

/** Column positions by name: formats look columns up by name only, never by position (research/idp.md 6.9). */
export class HeaderIndex {
  readonly names: string[];
  private readonly byName = new Map<string, number>();
  private readonly byBracket = new Map<string, number>();

  constructor(names: string[]) {
    this.names = names;
    names.forEach((name, i) => {
      const key = normalizeHeaderName(name);
      if (!this.byName.has(key)) this.byName.set(key, i);
      // Entra's bulk template names the property in brackets: `Name [displayName] Required` (research/idp.md 2.3).
      for (const m of name.matchAll(/\[([A-Za-z][A-Za-z0-9]*)\]/g)) {
        const prop = (m[1] as string).toLowerCase();
        if (!this.byBracket.has(prop)) this.byBracket.set(prop, i);
      }
    });
  }

  /** First column whose normalised name is one of the candidates (in candidate order). */
  find(...candidates: string[]): number | undefined {
    for (const c of candidates) {
      const i = this.byName.get(normalizeHeaderName(c));
      if (i !== undefined) return i;
    }
    return undefined;
  }

  has(...names: string[]): boolean {
    return names.every((n) => this.byName.has(normalizeHeaderName(n)));
  }

  /** Column whose header holds `[prop]` (case-insensitive). */
  bracket(prop: string): number | undefined {
    return this.byBracket.get(prop.toLowerCase());
  }

  name(i: number | undefined): string | null {
    return i === undefined ? null : (this.names[i] ?? null);
  }

  /** Names of the columns present, in order (for groupColumns). */
  namesOf(...cols: Array<number | undefined>): string[] {
    return cols.map((i) => this.name(i)).filter((n): n is string => n !== null);
  }

  normalizedNames(): Set<string> {
    return new Set(this.byName.keys());
  }
}

export interface RowContext {
  /** Physical line of the record in the file (1-based, preamble lines counted). */
  readonly line: number;
  /** Cleaned cell (trimmed, injection-defence quote removed); '' when the column is absent or the row short. */
  cell(col: number | undefined): string;
  note(kind: DataQualityKind, message: string, col: number | undefined, value: string | null): void;
}

export type IdentityDraft = Omit<Identity, 'format' | 'source'>;
export type AssignmentDraft = Omit<Assignment, 'format' | 'source'>;

export interface RowOutput {
  identity?: IdentityDraft;
  /** Group memberships of an identity already produced (JumpCloud repeats the user on each group row). */
  memberships?: { identityId: string; groups: string[] };
  assignments?: AssignmentDraft[];
  /** A group the export lists without members (JumpCloud's `no users` placeholder row): not a person. */
  emptyGroup?: string;
}

export type ExportKind = 'users' | 'assignments' | 'users+assignments';

export interface BoundFormat {
  /** Header names of the group/entitlement columns used. */
  groupColumns: string[];
  /** The column whose emptiness makes a `no_email` note. */
  emailColumn: number | undefined;
  /** null: the row is not data (an example row of the Entra template, an ended Okta assignment). */
  readRow(ctx: RowContext): RowOutput | null;
}

export interface BindOptions {
  mapping?: ColumnMapping | undefined;
}

export interface FormatSpec {
  format: IdpFormat;
  label: string;
  kind: ExportKind;
  /** Header names that identify the export: detected when every name of one alternative is present. */
  signatures: string[][];
  /** Extra test (Entra template bracket headers). */
  matches?(h: HeaderIndex): boolean;
  /** Bind to a header; a string is the reason it cannot be read (shown to the user). */
  bind(h: HeaderIndex, opts: BindOptions): BoundFormat | string;
}
