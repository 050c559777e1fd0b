// Lint: TypeScript rules plus the layer rules of docs/ARCHITECTURE.md (the compiler enforces the same
// layering through per-layer tsconfigs; lint adds the import-path rules the compiler cannot see).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', '.tsbuild/**', 'test-results/**', 'playwright-report/**', 'test/.artifacts/**', '.stryker-tmp/**', 'reports/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: nodeBuiltins, message: 'main/core is pure: no Node I/O. Pass data in from a service.' },
        { group: ['electron', 'drivelist', 'isomorphic-git', 'isomorphic-git/*', 'playwright-core', 'react', 'react-dom'], message: 'main/core is pure: no I/O libraries or UI.' },
        { group: ['**/services/**', '**/ipc/**', '**/app/**', '**/cli/**', '**/web/**', '**/renderer/**'], message: 'main/core imports nothing from other layers.' },
      ] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', 'fetch', 'window', 'document'],
    },
  },
  {
    files: ['main/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'Services run under plain Node; only main/app imports electron.' },
        { group: ['**/ipc/**', '**/flows/**', '**/runtime/**', '**/app/**', '**/cli/**', '**/web/**', '**/renderer/**'], message: 'Services may import core only.' },
      ] }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name=/Sync$/]", message: 'No *Sync fs calls in services (docs/CONVENTIONS.md § Services are plain Node).' }, { selector: "CallExpression[callee.name=/^(readFileSync|writeFileSync|existsSync|statSync|readdirSync|mkdirSync|openSync|closeSync|readSync|writeSync|fsyncSync|unlinkSync|renameSync)$/]", message: 'No *Sync fs calls in services (docs/CONVENTIONS.md § Services are plain Node).' }],
    },
  },
  {
    // Flows assemble jobs from services and core; transports call them, never the other way round.
    // The composition root (main/runtime) sits above flows and ipc; flows never import the contract or handlers.
    files: ['main/flows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'Only main/app imports electron.' },
        { group: ['**/ipc/**', '**/runtime/**', '**/cli/**', '**/web/**', '**/app/**', '**/renderer/**'], message: 'Flows are called by transports; they import services and core only (main/runtime composes; types shared with channels live in core).' },
      ] }],
    },
  },
  {
    // Transports translate: the steps of a job (building, writing, committing) are called through the flows.
    files: ['main/ipc/handlers/**/*.ts', 'main/cli/**/*.ts', 'main/web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'Only main/app imports electron.' },
        { group: ['**/renderer/**'], message: 'The main side never imports the UI.' },
        { group: ['**/services/media/build-stick', '**/services/media/image-builder', '**/services/git/preview', '**/services/writer/job', '**/core/site/records', '**/core/hardware/requirements', '**/core/manifests/lint', '**/services/media/plan-image'], message: 'That is a step of a job: call the flow (main/flows) through the contract instead.' },
      ] }],
    },
  },
  {
    files: ['main/ipc/**/*.ts', 'main/cli/**/*.ts', 'main/web/**/*.ts'],
    ignores: ['main/ipc/handlers/**/*.ts', 'main/cli/**/*.ts', 'main/web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron'], message: 'Only main/app imports electron.' }, { group: ['**/renderer/**'], message: 'The main side never imports the UI.' }] }],
    },
  },
  {
    files: ['main/ipc/channels/**/*.ts', 'main/ipc/contract.ts', 'main/ipc/define.ts', 'main/ipc/api.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: nodeBuiltins, message: 'The contract is imported by the renderer and preload: keep it free of Node.' },
        { group: ['**/services/**', 'electron'], message: 'The contract is imported by the renderer and preload: no services.' },
      ] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: nodeBuiltins, message: 'The renderer has no Node: ask the main side through window.sitekit.' },
        { group: ['**/services/**', '**/main/app/**', '**/main/cli/**', '**/main/web/**', '**/main/flows/**', '**/main/runtime/**', '**/ipc/handlers/**', '**/ipc/dispatch*'], message: 'The renderer may import main/core and the contract only.' },
      ] }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'bench/**/*.ts', 'test/**/*.ts', 'main/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests poke at loosely typed inputs on purpose (malformed sites, parsed YAML).
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
