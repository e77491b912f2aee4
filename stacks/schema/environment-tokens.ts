/**
 * Environment names as they appear in names, DNS names and ARNs
 * (`webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com` holds `stg`).
 * Words are compared whole, between separators, so `webdev` is not `dev`.
 */

/** Spellings of one environment, besides the names the settings configure. */
const SPELLINGS: readonly (readonly string[])[] = [
  ['dev', 'development'],
  ['staging', 'stg', 'stage'],
  ['prod', 'prd', 'production'],
];

export interface ForeignEnvironmentToken {
  /** The words found, e.g. `stg` or `pr-42`. */
  readonly token: string;
  /** The environment they stand for, e.g. `staging`. */
  readonly environment: string;
}

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');

/**
 * The first name in `value` of an environment other than `environment`: one of
 * `environments` (the configured ones, which may span words, e.g. `pr-42`) or
 * a common spelling of dev, staging or prod. At each word the longest name
 * wins, so that in `storytime-dev-eu` the environment `dev-eu` is not `dev`.
 */
export function foreignEnvironmentToken(
  value: string,
  environment: string,
  environments: readonly string[] = [],
): ForeignEnvironmentToken | undefined {
  const configured = [...environments, environment];
  const names = new Map<string, string>();
  for (const spellings of SPELLINGS) {
    // The spellings stand for the configured environment among them, e.g. `development` when that is its name.
    const name = spellings.find((spelling) => configured.includes(spelling)) ?? spellings[0];
    for (const spelling of spellings) names.set(spelling, name);
  }
  for (const name of configured) names.set(name, name);
  const candidates = [...names.keys()].map((name) => ({ name, words: wordsOf(name) })).sort((a, b) => b.words.length - a.words.length);
  const words = wordsOf(value);
  for (let index = 0; index < words.length; index++) {
    const match = candidates.find(({ words: nameWords }) => nameWords.every((word, offset) => words[index + offset] === word));
    if (match === undefined) continue;
    const named = names.get(match.name) as string;
    if (named !== environment) return { token: match.name, environment: named };
    index += match.words.length - 1;
  }
  return undefined;
}
