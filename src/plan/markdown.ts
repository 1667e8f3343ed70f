import type { Finding, FindingsDocument, PlanAction, RemediationPlan } from '../model/index.js';

/** Line endings of every kind (CommonMark also ends a line at a lone CR) and the Unicode separators. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/**
 * Escapes text for Markdown: names, ids and reasons come from vendors, IdPs and reviewers and may hold any
 * character. Every ASCII punctuation character that can open markup is backslash-escaped (emphasis, code, links,
 * images, raw HTML and autolinks, entities, tables, headings); `:` and `@` too, so `http://` and `a@b.c` are not
 * turned into links by GFM's extended autolinks. Line breaks become spaces, so data never starts a block; a leading
 * list marker, ordered-list number or indentation is neutralised for the same reason.
 */
export function mdText(s: string): string {
  const flat = s.replace(LINE_BREAKS, ' ');
  const escaped = flat.replace(/[\\`*_{}[\]()<>#|~!&:@]/g, '\\$&');
  return escaped
    .replace(/^[-+=]/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, (_m, n: string, d: string) => `${n}\\${d}`)
    .replace(/^[ \t]+/, (m) => '&#32;'.repeat(m.length));
}

/**
 * A code span: its content is literal, but a line break would end the paragraph (and could start a heading), and in
 * a table a `|` ends the cell even inside a span, so both are neutralised.
 */
function code(s: string, inTable = false): string {
  let text = s.replace(LINE_BREAKS, ' ');
  if (inTable && text.includes('|')) text = text.replace(/\|/g, '\\|');
  const longest = text.includes('`') ? Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length)) : 0;
  const fence = '`'.repeat(longest + 1);
  return longest > 0 || /^ | $/.test(text) ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function block(json: unknown): string[] {
  const text = JSON.stringify(json, null, 2);
  const fence = text.includes('```') ? '~~~~' : '```';
  return [`${fence}json`, text, fence];
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function findingRefs(ids: string[], byId: Map<string, Finding>, inTable = false): string {
  return ids.map((id) => {
    const f = byId.get(id);
    return f ? `${code(id, inTable)} ${f.rule}` : code(id, inTable);
  }).join(', ');
}

function renderAction(lines: string[], a: PlanAction, numberOf: Map<string, number>, byId: Map<string, Finding>): void {
  lines.push(`### ${a.order + 1}. ${mdText(a.title)}`, '');
  lines.push(`- Id ${code(a.id)}, kind ${code(a.kind)}, vendor ${a.vendor}${a.accountId ? `, account ${code(a.accountId)}` : ''}`);
  lines.push(`- Answers: ${findingRefs(a.findingIds, byId)}`);
  if (a.call) {
    lines.push(`- Call: ${code(`${a.call.method} ${a.call.path}`)}${a.call.body === undefined ? ' (no body)' : ' with body:'}`);
    if (a.call.body !== undefined) {
      lines.push('');
      for (const l of block(a.call.body)) lines.push(l);
      lines.push('');
    }
  } else {
    lines.push('- Manual step: no API call; a person does this in the vendor\'s admin UI.');
  }
  if (a.dependsOn.length > 0) lines.push(`- Depends on: ${a.dependsOn.map((d) => `#${(numberOf.get(d) ?? -1) + 1} ${code(d)}`).join(', ')}`);
  lines.push(`- Destructive: ${yesNo(a.destructive)}; reversible: ${yesNo(a.reversible)}; approval required: ${yesNo(a.approvalRequired)}`);
  if (a.blockedBy && a.blockedBy.length > 0) lines.push(`- **Blocked by** ${findingRefs(a.blockedBy, byId)}`);
  if (a.members) lines.push(`- Members: ${a.members.map((m) => `${mdText(m.displayName ?? m.accountId)} (${code(m.accountId)}, ${m.status})`).join('; ')}`);
  lines.push(`- Expects: ${code(JSON.stringify(a.precondition.expect))}`);
  for (const r of a.risk) lines.push(`- Risk: ${mdText(r)}`);
  lines.push('');
}

const LEGEND = [
  '## Legend',
  '',
  '- **Status**: `ready` (the plan may be carried out after review), `blocked` (a guard stopped it: see the top), `empty` (nothing to do).',
  '- **Order**: manual steps first, then removals (queue, team, call-center seat, number), then the downgrade/suspend, then creations; permanent deletes come last, after the retention period. Each action lists what it depends on.',
  '- **Expects** is the state the action was planned against, with the snapshot\'s SHA-256: if the live state or the hash differs, the plan is stale; re-run the audit.',
  '- **Person gone** (ORPHANED_ACCOUNT, TERMINATED_STILL_ACTIVE): Dixa: reassign open conversations (manual), remove from queues (at most 10 agents a call) and teams, then downgrade to an end user (`DELETE /v1/agents/{id}`). Dialpad: remove call-center seats, unassign numbers, suspend (reversible), and only after the retention period delete permanently (which releases the numbers). An invited account is cancelled instead.',
  '- On an account that is being removed, its UNACCEPTED_INVITE, DEACTIVATED_STILL_ASSIGNED, PRIVILEGED_ACCOUNT, DUPLICATE_ACCOUNT and INACTIVE_ACCOUNT findings answer to the same removal.',
  '- **INACTIVE_ACCOUNT**: the seat is freed the way a leaver\'s is (Dixa: downgrade; Dialpad: suspend, which frees the license, and the delete after retention), under the same guards and cap; a reviewer\'s Keep drops it.',
  '- **DEACTIVATED_STILL_ASSIGNED**: the removals only (the account is already downgraded/suspended).',
  '- **UNACCEPTED_INVITE**: cancelled or resent per `plan.invites`; neither API documents a resend call, so a resend is a manual step. A reviewer\'s Revoke on an invite always cancels it.',
  '- **MISSING_SEAT**: create the account (Dixa sends an invitation email; Dialpad consumes a license in the chosen office: department name, then `plan.dialpadDefaultOfficeId`, then the primary office). A creation in an office with no license left is blocked by the SEAT_SHORTFALL finding.',
  '- **UNENTITLED_ACCOUNT, DUPLICATE_ACCOUNT, AMBIGUOUS_OWNER**: a manual review (approval required); no destructive call is proposed without a human decision. A reviewer\'s Revoke releases the removal listed under "On a reviewer\'s Revoke".',
  '- **PRIVILEGED_ACCOUNT**: a manual review of the admin role when severity is high (owner outside the admin groups); informational ones are recertified in the review. Revoke removes the role (manual: no documented API call sets roles), not the account.',
  '- **SEAT_SHORTFALL**: a manual step (buy licenses or free seats). **EXCEPTION_EXPIRED** and **DATA_QUALITY**: no vendor action (renew the exception; fix the IdP record).',
  '- **Guards**: suppressed findings get no action; a vendor whose snapshot is incomplete gets no destructive action; accounts losing access per vendor are capped (default 10% of its accounts, at least 1): over the cap the plan is blocked unless `--allow-mass-removal`.',
  '- **Reviewer decisions** (`access-audit plan --decisions`): only Revoke becomes an action; Revoke means "act on the finding" (on MISSING_SEAT: create the account; on a review finding: the actions listed under "On a reviewer\'s Revoke", the review itself being done). Keep and blank do nothing; Exception becomes a proposed exception entry (accepted-risk, one quarter ahead). Rows without a justification (Revoke, Exception), with an unknown value or finding id, or where reviewers decide on their own account are logged and not applied.',
  '',
];

/** remediation-plan.md: the human view of the plan, blocked state first, as one string. */
export function renderPlanMarkdown(plan: RemediationPlan, doc: FindingsDocument): string {
  let out = '';
  for (const chunk of planMarkdownChunks(plan, doc)) out += chunk;
  return out;
}

/** Lines handed out at a time: a piece of the file is a few hundred KB, whatever the size of the plan. */
const CHUNK_LINES = 4096;

/**
 * remediation-plan.md in pieces (their concatenation is the file): written as they come, so the plan of a large
 * organisation is never one string as large as the file (V8 stops at 536,870,888 characters).
 */
export function* planMarkdownChunks(plan: RemediationPlan, doc: FindingsDocument): Generator<string> {
  const byId = new Map(doc.findings.map((f) => [f.id, f]));
  const numberOf = new Map(plan.actions.map((a) => [a.id, a.order]));
  // Lines are joined by a newline, the last one ending the file without one: every piece but the last ends in it.
  const lines: string[] = ['# Remediation plan', ''];
  const full = (): boolean => lines.length >= CHUNK_LINES;
  const take = (): string => {
    const piece = `${lines.join('\n')}\n`;
    lines.length = 0;
    return piece;
  };
  if (plan.status === 'blocked') {
    lines.push('> **BLOCKED: do not carry out this plan as it stands.**', '>');
    for (const r of plan.blockedReasons) lines.push(`> - ${mdText(r)}`);
    lines.push('');
  } else if (plan.status === 'empty') {
    lines.push('> Nothing to do: no finding calls for an action.', '');
  }
  lines.push(
    `Status: **${plan.status}**; ${plan.actions.length} actions; source: ${plan.source === 'decisions' ? 'reviewer decisions' : 'proposed from findings'}; generated ${mdText(plan.generatedAt)}; run ${code(plan.runId)}; snapshot SHA-256 ${code(plan.snapshotSha256)}.`,
    '',
    'This is a dry run: building it sent no request to any vendor. Run nothing marked blocked, and check each action\'s expected state first.',
    '',
    '## Per vendor',
    '',
    '| vendor | accounts | accounts losing access | cap | destructive calls | snapshot | blocked |',
    '|---|---|---|---|---|---|---|',
  );
  for (const [vendor, v] of Object.entries(plan.perVendor)) {
    const snap = v.complete === false ? `incomplete: ${mdText(v.incompleteReason ?? '')}` : 'complete';
    lines.push(`| ${vendor} | ${v.accounts} | ${v.accountsAffected ?? '-'} | ${v.cap} | ${v.destructiveActions} | ${snap} | ${yesNo(v.blocked)} |`);
  }
  lines.push('');
  if (plan.notes && plan.notes.length > 0) {
    lines.push('## Notes', '');
    for (const n of plan.notes) lines.push(`- ${mdText(n)}`);
    lines.push('');
  }
  const now = plan.actions.filter((a) => a.phase === 'now');
  const later = plan.actions.filter((a) => a.phase === 'after_retention');
  lines.push('## Actions now', '');
  if (now.length === 0) lines.push('None.', '');
  for (const a of now) {
    renderAction(lines, a, numberOf, byId);
    if (full()) yield take();
  }
  if (later.length > 0) {
    lines.push('## Actions after the retention period', '');
    for (const a of later) {
      renderAction(lines, a, numberOf, byId);
      if (full()) yield take();
    }
  }
  if (plan.onRevoke && plan.onRevoke.length > 0) {
    lines.push('## On a reviewer\'s Revoke', '', 'Not part of this plan: these actions are released only by a Revoke decision on the findings they answer.', '');
    lines.push('| id | kind | title | call | answers |', '|---|---|---|---|---|');
    for (const a of plan.onRevoke) {
      lines.push(`| ${code(a.id, true)} | ${a.kind} | ${mdText(a.title)} | ${a.call ? code(`${a.call.method} ${a.call.path}`, true) : 'manual'} | ${findingRefs(a.findingIds, byId, true)} |`);
      if (full()) yield take();
    }
    lines.push('');
  }
  if (plan.notActioned && plan.notActioned.length > 0) {
    lines.push('## Findings without an action', '', '| finding | rule | vendor | why |', '|---|---|---|---|');
    for (const n of plan.notActioned) {
      lines.push(`| ${code(n.findingId, true)} | ${n.rule} | ${n.vendor ?? '-'} | ${mdText(n.reason)} |`);
      if (full()) yield take();
    }
    lines.push('');
  }
  for (const l of LEGEND) lines.push(l);
  yield lines.join('\n');
}
