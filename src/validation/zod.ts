// The parts of zod (its small "mini" build) that our schemas use, in one module. Both bundles validate with it —
// the credentials file at activation, the token server's answers in the engine — and the engine borrows this
// module from the activation bundle (esbuild.mjs), so naming exactly what is used keeps zod's unused parts out.
export { array, boolean, looseObject, minLength, nullable, number, optional, positive, string, union, unknown } from 'zod/mini';
export type { infer } from 'zod/mini';
