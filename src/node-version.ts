import { engines } from '../package.json';

/** The oldest Node.js major the app runs on: `engines.node` in package.json (`>=20`), also in .nvmrc. */
export const MINIMUM_NODE_MAJOR = Number(/^>=(\d+)$/.exec(engines.node)?.[1]);

/** One line saying why this Node.js cannot run the app, or undefined when it can. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(/^v(\d+)\./.exec(version)?.[1]);
  if (major >= MINIMUM_NODE_MAJOR) return undefined;
  return `storytime-infra needs Node.js ${MINIMUM_NODE_MAJOR} or newer (package.json engines, .nvmrc), found ${version}: run \`nvm use\` or install Node.js ${MINIMUM_NODE_MAJOR}`;
}
