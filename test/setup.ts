import { Testing } from 'cdktf';
import { afterAll, expect } from 'vitest';
import { removeTempDirs } from './temp';

// cdktf ships its matchers for Jest only; the same predicates serve vitest.
// They take the synthesized JSON as text, or parsed (as test/helpers.ts returns it).
interface CdktfMatchers<R = unknown> {
  toHaveResource(resourceType: string): R;
  toHaveResourceWithProperties(resourceType: string, properties: Record<string, unknown>): R;
  toHaveProviderWithProperties(providerType: string, properties: Record<string, unknown>): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any -- vitest's own declaration merging pattern for custom matchers
  interface Assertion<T = any> extends CdktfMatchers<T> {}
}

const matcher =
  (name: string, predicate: (received: string, type: string, properties?: Record<string, unknown>) => boolean) =>
  (received: unknown, type: string, properties?: Record<string, unknown>) => {
    const text = typeof received === 'string' ? received : JSON.stringify(received);
    const pass = predicate(text, type, properties);
    return {
      pass,
      message: () => `expected synthesized JSON ${pass ? 'not ' : ''}${name} ${type} ${JSON.stringify(properties ?? {})}`,
    };
  };

afterAll(removeTempDirs);

// cdktf 0.21 calls util.isArray while it synthesizes, which Node.js 22 and later deprecate (DEP0044); the
// tests synthesize in-process, so they drop that warning as scripts/run-bundle.cjs does for the app.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
  if (code !== 'DEP0044') emitWarning(warning, ...rest);
};

// cdktf records a full creation stack for every token it makes (for its resolution errors), and vitest formats
// each frame through its source-map support: that formatting was 45% of a synth's time in a test. Those stacks
// (cdktf passes a plain object, not an Error) get V8's own format and their top frames, where the token was
// made; every Error keeps its whole mapped stack.
const TOKEN_STACK_FRAMES = 12;
const CHEAP = Symbol.for('storytime.cheapTokenStacks');
// eslint-disable-next-line @typescript-eslint/unbound-method -- a hook V8 calls unbound, read to be wrapped
const prepare = Error.prepareStackTrace as (((error: Error, frames: NodeJS.CallSite[]) => unknown) & { [CHEAP]?: true }) | undefined;
if (prepare && !prepare[CHEAP]) {
  const tokenStack = (frames: NodeJS.CallSite[]) =>
    frames
      .slice(0, TOKEN_STACK_FRAMES)
      .map(
        (frame) =>
          `\n    at ${frame.getFunctionName() ?? '<anonymous>'} (${frame.getFileName()}:${frame.getLineNumber()}:${frame.getColumnNumber()})`,
      )
      .join('');
  Error.prepareStackTrace = Object.assign(
    (error: Error, frames: NodeJS.CallSite[]) => (error instanceof Error ? prepare(error, frames) : `Error${tokenStack(frames)}`),
    { [CHEAP]: true as const },
  );
}

expect.extend({
  toHaveResource: matcher('to have resource', (received, type) => Testing.toHaveResource(received, type)),
  toHaveResourceWithProperties: matcher('to have resource with properties', (received, type, properties) =>
    Testing.toHaveResourceWithProperties(received, type, properties),
  ),
  toHaveProviderWithProperties: matcher('to have provider with properties', (received, type, properties) =>
    Testing.toHaveProviderWithProperties(received, type, properties),
  ),
});
