/**
 * Which Node.js runs the app and the CLI: the `engines.node` range of
 * package.json (e.g. `^22.19.0 || >=24`), read the way npm reads it for the
 * forms used here: alternatives joined by `||`, each a list of comparators
 * (`>=22.19`, `<25`, `^24`, `~22.19`, `22.x`, `22`).
 */
import { engines } from '../package.json';

type Version = readonly [number, number, number];

/** When each Node.js line reached or reaches end of life (nodejs.org, "Previous Releases"). */
const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  18: '2025-04-30',
  20: '2026-04-30',
  22: '2027-04-30',
  24: '2028-04-30',
};

interface Bound {
  readonly min: Version;
  /** Exclusive upper bound; none for `>=`. */
  readonly below?: Version;
}

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** `22`, `22.19`, `22.x`, `22.19.0` → the version and how many parts were given (a wildcard ends the parts). */
function partial(text: string): { version: Version; parts: number } {
  const match = /^v?(\d+)(?:\.(\d+|[x*]))?(?:\.(\d+|[x*]))?$/.exec(text);
  if (!match) throw new Error(`engines.node: cannot read "${text}"`);
  const given = match.slice(1).filter((part) => part !== undefined && !/^[x*]$/.test(part));
  const [major, minor = 0, patch = 0] = given.map(Number);
  return { version: [major, minor, patch], parts: given.length };
}

/** The version after the last one a partial version covers: `22` → 23.0.0, `22.19` → 22.20.0. */
function next({ version, parts }: { version: Version; parts: number }): Version {
  if (parts === 1) return [version[0] + 1, 0, 0];
  if (parts === 2) return [version[0], version[1] + 1, 0];
  return [version[0], version[1], version[2] + 1];
}

/** One comparator as the interval it allows. */
function comparator(text: string): Bound {
  const [, operator = '', rest] = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(text) ?? [];
  const given = partial(rest);
  const { version } = given;
  switch (operator) {
    case '>=':
      return { min: version };
    case '>':
      return { min: next(given) };
    case '<':
      return { min: [0, 0, 0], below: version };
    case '<=':
      return { min: [0, 0, 0], below: next(given) };
    case '^':
      // Node.js has no 0.x line in any range worth writing, so a caret always means "this major".
      return { min: version, below: [version[0] + 1, 0, 0] };
    case '~':
      return { min: version, below: next({ version, parts: Math.min(given.parts, 2) }) };
    default:
      return { min: version, below: next(given) };
  }
}

/** The range's alternatives, each the intersection of its comparators. */
function parseRange(range: string): Bound[] {
  return range.split('||').map((alternative) => {
    const comparators = alternative.trim().split(/\s+/).map(comparator);
    return comparators.reduce((a, b) => {
      const below = a.below && b.below ? (compare(a.below, b.below) < 0 ? a.below : b.below) : (a.below ?? b.below);
      return { min: compare(a.min, b.min) > 0 ? a.min : b.min, ...(below ? { below } : {}) };
    });
  });
}

export function satisfies(version: string, range: string): boolean {
  const { version: parsed } = partial(version);
  return parseRange(range).some(({ min, below }) => compare(parsed, min) >= 0 && (below === undefined || compare(parsed, below) < 0));
}

const shortVersion = ([major, minor, patch]: Version) => [major, ...(minor || patch ? [minor] : []), ...(patch ? [patch] : [])].join('.');

/**
 * One line saying why this Node.js cannot run the app, or undefined when it
 * can; a line past its end of life (on `now`) is named as such.
 */
export function nodeVersionProblem(version: string, now: Date = new Date(), range: string = engines.node): string | undefined {
  if (satisfies(version, range)) return undefined;
  const bounds = parseRange(range);
  const lowest = bounds.reduce((a, b) => (compare(a.min, b.min) <= 0 ? a : b)).min;
  const lines = [...new Set(bounds.map(({ min }) => min[0]))];
  const newest = Math.max(...lines);
  const major = partial(version).version[0];
  const endOfLife = NODE_END_OF_LIFE[major];
  const past = endOfLife !== undefined && now.getTime() >= Date.parse(`${endOfLife}T00:00:00Z`);
  return (
    `storytime-infra needs Node.js ${shortVersion(lowest)} or newer${lines.length > 1 ? ` (${lines.join(' or ')})` : ''}; ` +
    `found ${version}${past ? `, which reached end of life on ${endOfLife}` : ''}: run \`nvm use\` (.nvmrc), or \`. scripts/use-node.sh\` to take Node.js ${newest} from npm`
  );
}
