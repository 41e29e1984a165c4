import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src-shared/errors';
import { SLA_REASON_CODES } from '../../src-shared/domain/sla-clocks';
import { MUTATION_NAMES } from '../../src-shared/sync/protocol';
import { TICKET_CATEGORIES } from '../../src-shared/domain/ticket';
import { BUILT_IN_VIEWS, SlaFilterSchema } from '../../src-shared/ipc/contract';
import { RESOURCES } from '../../src-renderer/i18n/setup';
import { BUILT_IN_SHORTCUTS } from '../../src-renderer/keyboard/shortcuts';

/**
 * Catalog completeness and "no hard-coded UI strings". The sources are read through Vite's import.meta.glob
 * (raw text) and parsed with the TypeScript compiler, so the scan sees real JSX, not regex guesses.
 */
const SOURCES = import.meta.glob('../../src-renderer/**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

type Tree = { readonly [k: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const NAMESPACES = Object.keys(RESOURCES.en) as (keyof typeof RESOURCES.en)[];
const flat = (lang: 'de' | 'en', ns: string) => flatten((RESOURCES[lang] as unknown as Record<string, Tree>)[ns]!);
const PLURAL = /_(zero|one|two|few|many|other)$/;

function has(lang: 'de' | 'en', ns: string, key: string): boolean {
  const keys = flat(lang, ns);
  return keys.has(key) || keys.has(`${key}_one`) || keys.has(`${key}_other`);
}
function hasPrefix(lang: 'de' | 'en', ns: string, prefix: string): boolean {
  return [...flat(lang, ns).keys()].some((k) => k.startsWith(prefix));
}

describe('catalogs', () => {
  it('de and en have exactly the same keys in every namespace, none empty', () => {
    expect(Object.keys(RESOURCES.de).sort()).toEqual(Object.keys(RESOURCES.en).sort());
    for (const ns of NAMESPACES) {
      const de = flat('de', ns);
      const en = flat('en', ns);
      const missingInDe = [...en.keys()].filter((k) => !de.has(k) && !PLURAL.test(k));
      const missingInEn = [...de.keys()].filter((k) => !en.has(k) && !PLURAL.test(k));
      expect({ ns, missingInDe, missingInEn }).toEqual({ ns, missingInDe: [], missingInEn: [] });
      // Plural forms may differ by language rules, but both must have the base's "other" form.
      for (const k of [...en.keys(), ...de.keys()].filter((x) => PLURAL.test(x))) {
        const base = k.replace(PLURAL, '');
        expect(de.has(`${base}_other`) && en.has(`${base}_other`), `${ns}:${base}_other`).toBe(true);
      }
      for (const [k, v] of [...de, ...en]) expect(v.trim().length, `${ns}:${k}`).toBeGreaterThan(0);
    }
  });

  it('covers every value the contract can send', () => {
    const required = [
      ...ERROR_CODES.map((c) => `errors.${c}`),
      ...SLA_REASON_CODES.map((c) => `slaReason.${c}`),
      ...MUTATION_NAMES.map((m) => `mutations.${m}`),
      ...TICKET_CATEGORIES.map((c) => `categories.${c}`),
      ...BUILT_IN_VIEWS.map((v) => `views.${v}`),
      ...SlaFilterSchema.options.map((s) => `slaState.${s}`),
      ...['1', '2', '3'].map((s) => `severity.${s}`),
      ...['online', 'offline', 'connecting', 'signed_out'].map((c) => `status.connection.${c}`),
      ...BUILT_IN_SHORTCUTS.map((d) => d.labelKey),
    ];
    for (const lang of ['de', 'en'] as const) for (const key of required) expect(has(lang, 'translation', key), `${lang}: ${key}`).toBe(true);
  });
});

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-placeholder', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);
const LETTERS = /\p{L}/u;

/** JSX text with letters, and literal strings in attributes a person reads or hears. */
function hardCodedStrings(file: string, text: string): Finding[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: Finding[] = [];
  const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTERS.test(node.text)) out.push({ file, line: at(node), text: node.text.trim() });
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression)) ? init.expression : null;
      if (literal && LETTERS.test(literal.text)) out.push({ file, line: at(node), text: `${node.name.getText(sf)}="${literal.text}"` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Keys of t('literal') and prefixes of t(`prefix.${x}`) calls, with the file's namespace. */
function usedKeys(file: string, text: string): { ns: string; key: string; prefix: boolean; line: number }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const nsMatch = /useTranslation\(\s*'([^']+)'\s*\)/.exec(text);
  const ns = nsMatch ? nsMatch[1]! : 'translation';
  const out: { ns: string; key: string; prefix: boolean; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't' && node.arguments[0]) {
      const arg = node.arguments[0];
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) out.push({ ns, key: arg.text, prefix: false, line });
      else if (ts.isTemplateExpression(arg) && arg.head.text.length > 0) out.push({ ns, key: arg.head.text, prefix: true, line });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('renderer sources', () => {
  const files = Object.entries(SOURCES).filter(([f]) => !f.includes('/i18n/'));

  it('reads the renderer sources (the scan below is not vacuous)', () => {
    expect(files.filter(([f]) => f.endsWith('.tsx')).length).toBeGreaterThan(15);
  });

  it('has no hard-coded UI strings in JSX text or readable attributes', () => {
    const findings = files.filter(([f]) => f.endsWith('.tsx')).flatMap(([f, text]) => hardCodedStrings(f, text));
    expect(findings).toEqual([]);
  });

  it('the scanner itself catches hard-coded text and attributes', () => {
    const sample = `export const A = () => <div title="Hello"><span aria-label={'Close'}>Save now</span><i>{t('x')}</i> → 1</div>;`;
    expect(hardCodedStrings('sample.tsx', sample).map((f) => f.text)).toEqual(['title="Hello"', 'aria-label="Close"', 'Save now']);
  });

  it('every t() key used in the sources exists in both languages', () => {
    const missing: string[] = [];
    expect(files.flatMap(([f, text]) => usedKeys(f, text)).length).toBeGreaterThan(150);
    for (const [f, text] of files) {
      for (const u of usedKeys(f, text)) {
        for (const lang of ['de', 'en'] as const) {
          const ok = u.prefix ? hasPrefix(lang, u.ns, u.key) : has(lang, u.ns, u.key);
          if (!ok) missing.push(`${lang} ${u.ns}:${u.key} (${f}:${u.line})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
