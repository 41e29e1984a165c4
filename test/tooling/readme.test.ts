import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// README repeats the domain tables of docs/*.md (which tests compare with the code); this keeps the copies equal.
const root = resolve(__dirname, '../..');
const read = (p: string) => readFileSync(resolve(root, p), 'utf8');

function tableStartingWith(text: string, header: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  expect(start, `table "${header}" missing`).toBeGreaterThanOrEqual(0);
  let end = start;
  while (end < lines.length && lines[end]!.startsWith('|')) end++;
  return lines.slice(start, end).join('\n');
}

describe('README', () => {
  const readme = read('README.md');
  it.each([
    ['docs/workflow.md', '| From |'],
    ['docs/workflow.md', '| Rule (`rule`)'],
    ['docs/sla-and-priority.md', '| tier | severity |'],
    ['docs/sla-and-priority.md', '| rank | id |'],
    ['docs/sla-and-priority.md', '| clock | starts |'],
  ])('repeats the table of %s starting "%s" exactly', (doc, header) => {
    expect(tableStartingWith(readme, header)).toBe(tableStartingWith(read(doc), header));
  });

  it('opens with the install, start and test commands, and each exists as a script', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock.replace(/^sh\n/, '').trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['npm install', 'npm start', 'npm test']);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBeTruthy();
    expect(scripts.test).toBeTruthy();
  });

  it('lists the demo accounts exactly as docs/demo-data.md does', () => {
    expect(tableStartingWith(readme, '| role | e-mail |')).toBe(tableStartingWith(read('docs/demo-data.md'), '| role | e-mail |'));
  });
});
