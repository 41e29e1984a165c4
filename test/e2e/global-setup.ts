import { resolve } from 'node:path';
import { ensureBuilt } from '../../src-main/web/renderer-build';

/** Build main, preload, the core worker and the renderer fresh, so the tests never run a stale bundle. */
export default function globalSetup(): void {
  ensureBuilt(resolve(__dirname, '../..'), true);
}
