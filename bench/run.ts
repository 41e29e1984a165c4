/**
 * `npm run bench`: runs every bench/*-bench.ts in its own process, one after another (these machines have
 * two cores; running benchmarks in parallel would measure each other). Each benchmark prints one line
 * `BENCH_RESULT {json}` with its figures and ratios against a baseline it measured in the same run;
 * this runner collects them, prints a summary and writes bench/results/<timestamp>.json.
 *
 * `npm run bench -- sync` runs only benchmarks whose file name contains "sync".
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const benchDir = resolve(__dirname);
const filter = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('-bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

interface Outcome {
  file: string;
  ok: boolean;
  seconds: number;
  results: unknown[];
}

function runOne(file: string): Promise<Outcome> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const results: unknown[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('BENCH_RESULT ')) {
          try {
            results.push(JSON.parse(line.slice('BENCH_RESULT '.length)));
          } catch {
            console.error(`[bench] ${file}: unparsable BENCH_RESULT line`);
          }
        }
      }
    });
    child.on('close', (code) => done({ file, ok: code === 0, seconds: (Date.now() - started) / 1000, results }));
  });
}

async function main(): Promise<void> {
  if (files.length === 0) {
    console.error(`[bench] no benchmark matches ${filter.join(', ') || '*-bench.ts'}`);
    process.exit(1);
  }
  const outcomes: Outcome[] = [];
  for (const file of files) {
    console.log(`\n[bench] ${file}`);
    outcomes.push(await runOne(file));
  }
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  const out = join(benchDir, 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, outcomes }, null, 2));
  console.log('\n[bench] summary');
  for (const o of outcomes) console.log(`  ${o.ok ? 'ok    ' : 'FAILED'} ${o.file} (${o.seconds.toFixed(1)} s, ${o.results.length} result lines)`);
  console.log(`[bench] written to ${out}`);
  if (outcomes.some((o) => !o.ok)) process.exit(1);
}

void main();
