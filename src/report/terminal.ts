import { basename, dirname } from 'node:path';
import type { FindingsDocument } from '../model/index.js';
import { TerminalText, type Span, type Style } from '../util/terminal-text.js';
import { countsByRule, countsBySeverity, headline } from './facts.js';

/** Meaning of each exit code (DESIGN.md section 7). */
export function exitCodeMeaning(code: number, failOn: string): string {
  switch (code) {
    case 0:
      return failOn === 'none' ? 'done (--fail-on none: findings do not change the exit code)' : `done, no open finding at or above ${failOn}`;
    case 1:
      return `done, open findings at or above ${failOn}`;
    case 2:
      return 'done, but a source was incomplete: conclusions for it were not drawn';
    case 3:
      return 'bad input or usage';
    default:
      return 'unexpected internal error';
  }
}

/**
 * The few lines printed after a run: counts by severity and rule, the files written, and what the exit code means.
 * Plain text when `color` is false (NO_COLOR, not a TTY). Reasons and paths come from data: every span is escaped
 * (TerminalText), so they cannot add lines or escape sequences of their own.
 */
export function renderTerminalSummary(doc: FindingsDocument, files: string[], exitCode: number, opts: { color: boolean }): TerminalText {
  const paint = (style: Style, text: string): Span => ({ style, text });
  const h = headline(doc);
  const lines: Span[][] = [];
  lines.push([paint('bold', `Findings: ${h.total} (${h.open} open, ${h.suppressed} suppressed)`)]);
  lines.push(['  ', ...countsBySeverity(doc).flatMap((c, i): Span[] => [...(i > 0 ? ['  '] : []), paint(c.key as Style, c.key), ` ${c.open}`])]);
  const rules = countsByRule(doc).filter((c) => c.total > 0);
  if (rules.length > 0) {
    const width = Math.max(...rules.map((c) => c.key.length), 4);
    lines.push([`  ${'Rule'.padEnd(width)}  ${'open'.padStart(6)}  ${'suppressed'.padStart(10)}`]);
    for (const c of rules) lines.push([`  ${c.key.padEnd(width)}  ${String(c.open).padStart(6)}  ${String(c.suppressed).padStart(10)}`]);
  }
  if (h.newCount !== null) lines.push([`  Since the previous run: ${h.newCount} new, ${h.persisting} persisting, ${h.resolved} resolved`]);
  for (const n of doc.notEvaluated) lines.push([paint('medium', `  Not evaluated: ${n.rule}${n.vendor ? ` (${n.vendor})` : ''}: ${n.reason}`)]);
  if (files.length > 0) for (const l of writtenLines(files)) lines.push([l]);
  const meaning = exitCodeMeaning(exitCode, doc.run.failOn);
  lines.push([paint(exitCode === 0 ? 'dim' : exitCode === 1 ? 'high' : 'medium', `Exit ${exitCode}: ${meaning}`)]);
  return TerminalText.of(lines, opts.color);
}

/** The files written, one folder heading and the names wrapped: fourteen paths must not push the summary off screen. */
function writtenLines(files: string[]): string[] {
  const folders = new Map<string, string[]>();
  for (const f of files) {
    const folder = dirname(f);
    const list = folders.get(folder);
    if (list) list.push(basename(f));
    else folders.set(folder, [basename(f)]);
  }
  const out: string[] = [];
  for (const [folder, names] of folders) {
    out.push(`Written to ${folder} (${names.length} file${names.length === 1 ? '' : 's'}):`);
    let line = ' ';
    for (const [i, name] of names.entries()) {
      const piece = ` ${name}${i < names.length - 1 ? ',' : ''}`;
      if (line.length + piece.length > WRAP && line.trim() !== '') {
        out.push(line);
        line = ' ';
      }
      line += piece;
    }
    out.push(line);
  }
  return out;
}

const WRAP = 100;
