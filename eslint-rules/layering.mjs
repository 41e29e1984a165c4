// Import-boundary rule in the spirit of VS Code's code-layering check: every file belongs to a layer (its
// top-level folder) and each layer may import only what docs/architecture.md allows. Resolving relative
// specifiers ourselves keeps the rule independent of any resolver plugin and of tsconfig paths.
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Packages src-shared may use: pure, environment-free libraries. */
const SHARED_PACKAGES = new Set(['zod', 'date-holidays']);

/** Packages the renderer must never import even though they are not Node builtins (they need Node). */
const NODE_ONLY_PACKAGES = new Set([
  'better-sqlite3', 'fastify', 'pino', 'ws', 'nodemailer', 'electron-store', 'pg', 'smtp-server', 'electron',
]);

/**
 * Electron shell files: the only places that may import `electron`. The cache + sync engine in src-main
 * must stay importable from plain Node, so everything else in src-main is Electron-free.
 */
export const ELECTRON_SHELL = ['src-main/shell/', 'src-preload/'];
/** The two files that wire the typed contract to raw IPC. */
export const IPC_WIRING_FILES = ['src-main/shell/ipc-wiring.ts', 'src-preload/index.ts'];

const LAYERS = ['src-shared', 'src-server', 'src-main', 'src-preload', 'src-renderer'];

/** Which layers each layer may import from (besides itself). */
const ALLOWED_LAYERS = {
  'src-shared': [],
  'src-server': ['src-shared'],
  'src-main': ['src-shared'],
  'src-preload': ['src-shared'],
  'src-renderer': ['src-shared'],
};

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function layerOf(relPath) {
  const top = relPath.split('/')[0];
  return LAYERS.includes(top) ? top : null;
}

function check(context, node, spec, importedNames) {
  const root = context.cwd ?? process.cwd();
  const file = path.relative(root, context.filename).split(path.sep).join('/');
  const layer = layerOf(file);
  if (!layer || typeof spec !== 'string') return;
  const report = (message) => context.report({ node, message: `[layering] ${file}: ${message}` });

  if (spec.startsWith('.')) {
    const target = path.relative(root, path.resolve(path.dirname(context.filename), spec)).split(path.sep).join('/');
    const targetLayer = layerOf(target);
    if (targetLayer === layer) return;
    if (!targetLayer) return report(`imports '${spec}', which is outside every layer; ${layer} may import only ${[layer, ...ALLOWED_LAYERS[layer]].join(', ')}.`);
    if (!ALLOWED_LAYERS[layer].includes(targetLayer)) return report(`${layer} must not import ${targetLayer} ('${spec}').`);
    return;
  }

  const pkg = packageName(spec);
  const isElectronShell = ELECTRON_SHELL.some((p) => file.startsWith(p));
  if (pkg === 'electron') {
    if (!isElectronShell) return report(`'electron' may be imported only in the Electron shell files (${ELECTRON_SHELL.join(', ')}).`);
    const raw = importedNames.filter((n) => n === 'ipcMain' || n === 'ipcRenderer');
    if (raw.length && !IPC_WIRING_FILES.includes(file)) return report(`raw ${raw.join('/')} is allowed only in ${IPC_WIRING_FILES.join(' and ')}; use the typed contract.`);
    return;
  }
  if (layer === 'src-shared') {
    if (!SHARED_PACKAGES.has(pkg)) return report(`src-shared is pure TypeScript and may import only ${[...SHARED_PACKAGES].join(', ')}; not '${spec}'.`);
    return;
  }
  if (layer === 'src-renderer' || layer === 'src-preload') {
    if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(pkg)) return report(`${layer} must not import the Node module '${spec}'.`);
    if (layer === 'src-renderer' && NODE_ONLY_PACKAGES.has(pkg)) return report(`src-renderer must not import '${pkg}' (Node-only).`);
  }
}

function namesOf(node) {
  return (node.specifiers ?? []).map((s) => (s.imported ? (s.imported.name ?? s.imported.value) : s.local?.name)).filter(Boolean);
}

export const layeringRule = {
  meta: { type: 'problem', docs: { description: 'Enforce the layer boundaries of docs/architecture.md' }, schema: [] },
  create(context) {
    return {
      ImportDeclaration(node) { check(context, node, node.source.value, namesOf(node)); },
      ExportNamedDeclaration(node) { if (node.source) check(context, node, node.source.value, []); },
      ExportAllDeclaration(node) { check(context, node, node.source.value, []); },
      ImportExpression(node) { if (node.source.type === 'Literal') check(context, node, node.source.value, []); },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(context, node, node.arguments[0].value, []);
        }
      },
    };
  },
};

export default { rules: { layering: layeringRule } };
