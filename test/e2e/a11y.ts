import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

/**
 * axe-core in the page (the @axe-core/playwright wrapper does not install on Node 20, and it only does this):
 * evaluate axe.min.js in the page (not a <script> tag: the app's Content-Security-Policy rightly refuses inline
 * scripts, while Playwright's evaluate runs outside the page's CSP), run it on the whole document, return the violations in a form that names rule, impact,
 * selector and axe's own explanation, so a failing assertion says exactly what to fix.
 */

const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface A11yViolation {
  readonly rule: string;
  readonly impact: Impact | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: string; readonly summary: string }[];
}

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeResult {
  id: string;
  impact?: Impact | null;
  help: string;
  nodes: AxeNode[];
}
interface AxeLike {
  run(context: Document, options: { resultTypes: string[] }): Promise<{ violations: AxeResult[]; passes: AxeResult[] }>;
}

export interface A11yScan {
  readonly violations: A11yViolation[];
  /** rules that found elements and passed: proof the scan looked at a rendered page */
  readonly passedRules: number;
}

export async function axeScan(page: Page): Promise<A11yScan> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeLike }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    const violations = r.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
    }));
    return { violations, passedRules: r.passes.length };
  });
}

/** Only what blocks or seriously hinders people using assistive technology (axe impact serious/critical). */
export function seriousOrCritical(violations: readonly A11yViolation[]): A11yViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation and node: rule (impact) selector: summary. */
export function describeViolations(violations: readonly A11yViolation[]): string {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.rule} (${v.impact}) ${n.target}: ${n.summary}`)).join('\n');
}
