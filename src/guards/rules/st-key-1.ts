import type { StackRule } from '../rule';

/** PEM armour of every private key format (PKCS#1 `RSA PRIVATE KEY`, PKCS#8, encrypted, EC, OpenSSH). */
const PRIVATE_KEY_MARKER = 'PRIVATE KEY-----';

/** JSON paths of every key or string value in `document` holding private key armour. */
function privateKeyPaths(document: unknown, path = ''): string[] {
  if (typeof document === 'string') return document.includes(PRIVATE_KEY_MARKER) ? [path || '(root)'] : [];
  if (Array.isArray(document)) return document.flatMap((item, index) => privateKeyPaths(item, `${path}[${index}]`));
  if (typeof document !== 'object' || document === null) return [];
  return Object.entries(document).flatMap(([key, value]) => {
    // A key holding the armour is itself the leak: it is named by position, never spelled out.
    const leaks = key.includes(PRIVATE_KEY_MARKER);
    const child = `${path ? `${path}.` : ''}${leaks ? '<a key>' : key}`;
    return [...(leaks ? [child] : []), ...privateKeyPaths(value, child)];
  });
}

/**
 * Reads every string of the stack, not only resources (tags sit in the provider block), and names
 * the JSON path only. Not suppressible: a private key in the JSON is a leak whatever the reason.
 */
export const ST_KEY_1: StackRule = {
  id: 'ST-KEY-1',
  reason: 'no private key material is ever written to Terraform JSON (it would reach the plan and the state)',
  check: (json) => privateKeyPaths(json).map((path) => `${path} holds private key material, value not shown`),
};
