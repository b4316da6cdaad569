// The plan a login is on, in the words of Anthropic's own pages ("Claude Max", "20×"), from the two fields Claude
// Code stores: subscriptionType (`max`) and rateLimitTier (`default_claude_max_20x`). Pure; names are not translated.

export interface Plan {
  /** `Claude Pro`, `Claude Max`, `Claude Team`, `Claude Enterprise`. */
  readonly name: string;
  /** The usage multiple of the tier, e.g. `20×`, when the tier names one. */
  readonly usage?: string;
}

const PLAN_NAMES = new Map([
  ['pro', 'Claude Pro'],
  ['max', 'Claude Max'],
  ['team', 'Claude Team'],
  ['enterprise', 'Claude Enterprise'],
]);

/** Undefined for a plan we cannot name (none stored, or one this extension does not know): say nothing then. */
export function planOf(subscriptionType: string | null | undefined, rateLimitTier: string | null | undefined): Plan | undefined {
  const name = PLAN_NAMES.get(subscriptionType ?? '');
  if (!name) return undefined;
  const multiple = /_(\d+)x$/.exec(rateLimitTier ?? '')?.[1];
  return multiple ? { name, usage: `${multiple}×` } : { name };
}
