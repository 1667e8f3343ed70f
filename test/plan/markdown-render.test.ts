/**
 * remediation-plan.md rendered by a real CommonMark renderer (markdown-it with raw HTML and linkify on, like GFM):
 * hostile strings planted in names, emails, ids, team and call-center names, office names, exception ids and
 * reviewer text must add no heading, list, quote, link, image, autolink, raw HTML, emphasis or table cell: the
 * document renders to exactly the structure it has with harmless names, and each planted string reads back as text.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { describe, expect, it } from 'vitest';
import { buildPlan, type PlanInput } from '../../src/plan/build.js';
import { renderPlanMarkdown } from '../../src/plan/markdown.js';
import { DP_LEFT, DX_GONE, scenario } from './fixtures.js';

const md = new MarkdownIt({ html: true, linkify: true });

const HOSTILE = [
  '# Heading\r## lone CR heading',
  '[click](javascript:alert(1)) ![img](http://e.vil/x.png)',
  '<img src=x onerror=alert(1)> <http://auto.link> www.e.vil https://e.vil/x mail@e.vil',
  '| a | b | `code` *em* __strong__ _u_ ~~gone~~ &amp; &#x3C;b&#x3E;',
  '- item\n1. one\n> quote\n    indented\n---',
  '`` ` `` ``` fence !',
  '  \t1) starts a list',
  '= setext\u2028\u2029next',
];

/** Benign name -> hostile text, planted everywhere the scenario uses it (ids too: they flow into calls and code). */
function plant(input: PlanInput, hostile: boolean): PlanInput {
  const swaps: Array<[string, string]> = [
    ['Support Line', `cc ${HOSTILE[0]}`],
    ['Gina Gone', `name ${HOSTILE[1]}`],
    ['Leo Left', HOSTILE[6] as string],
    ['Lars Left', HOSTILE[2] as string],
    ['Tier 1', `team ${HOSTILE[3]}`],
    ['Billing', `queue ${HOSTILE[4]}`],
    ['Headquarters', `office ${HOSTILE[5]}`],
    ['EX-helpdesk-bot', `EX ${HOSTILE[7]}`],
    ['carol.new@example.com', `carol${HOSTILE[3]}@example.com`],
    ['Carol New', HOSTILE[4] as string],
    [DX_GONE, `${DX_GONE}|\`x\`\r# id ${HOSTILE[1]}`],
    [DP_LEFT, `${DP_LEFT}\n## ${HOSTILE[2]}`],
  ];
  let text = JSON.stringify(input);
  for (const [from, to] of swaps) {
    const target = hostile ? to : `${from} plain`;
    text = text.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(target).slice(1, -1));
  }
  return JSON.parse(text) as PlanInput;
}

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

/** The rendered structure: every token but text, with the heading levels and table shape. */
function structure(doc: string): string[] {
  return flatten(md.parse(doc, {})).filter((t) => t.type !== 'text' && t.type !== 'text_special').map((t) => `${t.type}${t.tag ? `:${t.tag}` : ''}`);
}

function renderedText(doc: string): string {
  return flatten(md.parse(doc, {})).filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('');
}

describe('remediation-plan.md through a CommonMark renderer', () => {
  const s = scenario();
  const benign = renderPlanMarkdown(buildPlan(plant(s.input, false)), plant(s.input, false).doc);
  const hostileInput = plant(s.input, true);
  const hostile = renderPlanMarkdown(buildPlan(hostileInput), hostileInput.doc);

  it('the planted strings are in the plan (the test would see them if they broke out)', () => {
    expect(hostile).toContain('javascript');
    expect(hostile).toContain('onerror');
    expect(hostile).toContain('auto.link');
  });

  it('renders to the same structure as with harmless names: no heading, list, link, image, autolink, raw HTML or cell from data', () => {
    const types = structure(hostile);
    for (const t of ['link_open', 'image', 'html_inline', 'html_block', 'em_open', 's_open']) expect(types.filter((x) => x.startsWith(t))).toEqual([]);
    expect(types).toEqual(structure(benign));
  });

  it('every planted string reads back as text (line breaks shown as spaces)', () => {
    const text = renderedText(hostile).replace(/\s+/g, ' ');
    for (const h of HOSTILE) expect(text).toContain(h.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim());
  });
});
