// The one file that loads the engine (src/engine/, built as dist/engine.js): on first use — a sign-in, a refresh, a
// write, a diagnosis — so activating costs almost nothing. Everything else in the UI names the engine's types only
// (the lint rule in eslint.config.mjs enforces it) and gets the engine from here.
import * as path from 'node:path';
import type * as Engine from '../engine';

export type { Engine };

/** Set by esbuild.mjs: bundled, this file is part of dist/extension.js, beside dist/engine.js. */
declare const EXTENSION_VERSION: string | undefined;

let engine: typeof Engine | undefined;

/** The engine, loaded on the first call. A computed path keeps esbuild from inlining it: it is its own bundle. */
export function loadEngine(): typeof Engine {
  const file = typeof EXTENSION_VERSION === 'string' ? path.join(__dirname, 'engine') : path.join(__dirname, '..', 'engine');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, by path (see above)
  engine ??= require(file) as typeof Engine;
  return engine;
}

/** The engine if something loaded it (deactivation closes its connections), without loading it. */
export function loadedEngine(): typeof Engine | undefined {
  return engine;
}
