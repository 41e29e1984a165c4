import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// electron-vite builds the three Electron bundles from our own folder names (not its src/main default).
// Output is CommonJS for main/preload (package.json "main": ./out/main/index.js, no "type").
export default defineConfig({
  main: {
    build: {
      // electron-store is ESM-only; bundling it keeps the CommonJS main bundle loadable on any Electron.
      externalizeDeps: { exclude: ['electron-store'] },
      outDir: resolve(__dirname, 'out/main'),
      // core-worker: the cache + sync engine run in a worker thread (src-main/host), bundled beside index.js
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-main/index.ts'), 'core-worker': resolve(__dirname, 'src-main/host/core-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron' (and a few built-ins): bundle zod in.
      externalizeDeps: { exclude: ['zod'] },
      outDir: resolve(__dirname, 'out/preload'),
      rolldownOptions: { input: { index: resolve(__dirname, 'src-preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    plugins: [react()],
  },
});
