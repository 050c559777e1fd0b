/**
 * The one way the site's refinements add a problem a technician reads: a sentence, at a path.
 *
 * Zod wants a code on every issue it is given; for these it is 'custom', and nothing reads it: the site
 * reader (yaml.ts) and the Site step show the message at the path. Keeping the call in one place keeps that
 * fact in one place too.
 */
import type { z } from 'zod';

export function addProblem(ctx: z.RefinementCtx<unknown>, message: string, path?: readonly (string | number)[]): void {
  // Stryker disable next-line StringLiteral: equivalent mutant — the code of a custom issue is read by nobody (see above).
  ctx.addIssue({ code: 'custom', message, ...(path ? { path: [...path] } : {}) });
}
