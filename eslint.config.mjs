// `npm run lint` (also the first step of `npm test`). Besides the usual checks it keeps the layout's one rule:
// imports only go down. Each folder of src/ is a room on a floor; a file may import from rooms on lower floors, never
// from its own floor's other rooms or from above. The engine (src/engine/, the lazily loaded bundle) is the exception
// that proves it: the UI and extension.ts may name its types, never load it (src/ui/engineAccess.ts does, by path).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Floor of each room, lowest first. Same floor: neither imports the other. */
const FLOORS = {
  logging: 0,
  validation: 0,
  oauth: 1,
  credentials: 2,
  login: 3,
  machines: 3,
  engine: 4,
  ui: 5,
  extension: 6,
};

/** A room's files. */
const filesOf = (room) => (room === 'extension' ? ['src/extension.ts'] : [`src/${room}/**/*.ts`]);
/** Import specifiers that reach a room (relative paths: any segment named after it). */
const reaching = (room) => [`**/${room}`, `**/${room}/**`, `**/${room}.js`];

/** Only the UI and extension.ts talk to VS Code; only the engine loads the network and Claude Code's locks. */
const packagesOf = (room) => [
  ...(room === 'ui' || room === 'extension' ? [] : [{ name: 'vscode', message: 'Only src/ui/ and src/extension.ts talk to VS Code.' }]),
  ...(room === 'engine' ? [] : ['undici', 'proper-lockfile'].map((name) => ({ name, message: 'The network and the lock files belong to src/engine/ (loaded on first use).' }))),
];

function layering(room) {
  const floor = FLOORS[room];
  const above = Object.keys(FLOORS).filter((other) => other !== room && FLOORS[other] >= floor);
  const patterns = above.map((other) => ({
    group: reaching(other),
    message: `Imports only go down: ${room} (floor ${floor}) may not import ${other} (floor ${FLOORS[other]}). See README, Development.`,
  }));
  // Above the engine: its types are the UI's to use; its code loads lazily, by path, in one place.
  if (floor > FLOORS.engine) {
    patterns.push({
      group: reaching('engine'),
      message: `src/${room === 'extension' ? 'extension.ts' : `${room}/`} may name the engine's types (import type), never load it: see src/ui/engineAccess.ts.`,
      allowTypeImports: true,
    });
  }
  return {
    files: filesOf(room),
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: packagesOf(room), patterns }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        NodeJS: 'readonly',
        fetch: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
  },
  {
    rules: {
      // `const { dropped: _, ...kept } = value` is how a test leaves one field out; `_name` an argument a stand-in ignores.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  ...Object.keys(FLOORS).map(layering),
);
