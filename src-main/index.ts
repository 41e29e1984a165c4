// Electron main entry (bundled by electron-vite to out/main/index.js). Everything Electron-specific lives
// in ./shell; the cache and sync engine elsewhere in src-main stay importable from plain Node.
import { startShell } from './shell/start';

startShell();
