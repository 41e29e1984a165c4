import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

// Runs the project's real ESLint config on virtual files, so the test fails if the config stops
// applying the layering rule, not just if the rule's logic breaks.
const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'local/layering').map((m) => m.message);
}

const violations: Array<[string, string, RegExp]> = [
  ['src-shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /pure TypeScript/],
  ['src-shared/domain/x.ts', "import { x } from '../../src-server/y';\nexport const z = x;", /must not import src-server/],
  ['src-shared/domain/x.ts', "import React from 'react';\nexport const z = React;", /may import only/],
  ['src-renderer/x.ts', "import Database from 'better-sqlite3';\nexport const z = Database;", /Node-only/],
  ['src-renderer/x.ts', "import { join } from 'path';\nexport const z = join;", /Node module/],
  ['src-renderer/x.ts', "import { q } from '../src-main/queue/q';\nexport const z = q;", /must not import src-main/],
  ['src-renderer/x.ts', "import { q } from '../src-server/app';\nexport const z = q;", /must not import src-server/],
  ['src-server/x.ts', "import { q } from '../src-main/cache/db';\nexport const z = q;", /must not import src-main/],
  ['src-server/x.ts', "import { q } from '../src-renderer/main';\nexport const z = q;", /must not import src-renderer/],
  ['src-server/x.ts', "import { q } from '../src-preload/index';\nexport const z = q;", /must not import src-preload/],
  ['src-main/cache/db.ts', "import { app } from 'electron';\nexport const z = app;", /Electron shell files/],
  ['src-server/x.ts', "import { app } from 'electron';\nexport const z = app;", /Electron shell files/],
  ['src-main/shell/window.ts', "import { ipcMain } from 'electron';\nexport const z = ipcMain;", /raw ipcMain/],
  ['src-preload/other.ts', "import { ipcRenderer } from 'electron';\nexport const z = ipcRenderer;", /raw ipcRenderer/],
  ['src-shared/domain/x.ts', "export const z = require('node:fs');", /pure TypeScript/],
];

const allowed: Array<[string, string]> = [
  ['src-shared/domain/x.ts', "import { z } from 'zod';\nexport const s = z.string();"],
  ['src-shared/domain/x.ts', "import { TICKET_STATUSES } from './status';\nexport const s = TICKET_STATUSES;"],
  ['src-renderer/x.ts', "import { TICKET_STATUSES } from '../src-shared/domain/status';\nexport const s = TICKET_STATUSES;"],
  ['src-main/cache/db.ts', "import Database from 'better-sqlite3';\nimport { join } from 'node:path';\nexport const s = [Database, join];"],
  ['src-main/shell/ipc-wiring.ts', "import { ipcMain } from 'electron';\nexport const s = ipcMain;"],
  ['src-preload/index.ts', "import { contextBridge, ipcRenderer } from 'electron';\nexport const s = [contextBridge, ipcRenderer];"],
  ['src-server/x.ts', "import { TICKET_STATUSES } from '../src-shared/domain/status';\nimport Fastify from 'fastify';\nexport const s = [TICKET_STATUSES, Fastify];"],
];

describe('layering lint rule', () => {
  it.each(violations)('rejects %s: %s', async (file, code, message) => {
    const errors = await layeringErrors(file, code);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(message);
  });

  it.each(allowed)('allows %s: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
