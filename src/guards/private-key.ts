/** PEM armour of every private key format (PKCS#1 `RSA PRIVATE KEY`, PKCS#8, encrypted, EC, OpenSSH). */
export const PRIVATE_KEY_MARKER = 'PRIVATE KEY-----';

/** Stack-wide rule: it reads every string of the stack, not only resources (tags sit in the provider block). */
export const PRIVATE_KEY_RULE = {
  id: 'ST-KEY-1',
  reason: 'no private key material is ever written to Terraform JSON (it would reach the plan and the state)',
} as const;

/** JSON paths of every key or string value in `document` holding private key armour. */
export function privateKeyPaths(document: unknown, path = ''): string[] {
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

/** One line per offending path of the stack's resolved JSON; the value itself is never repeated. */
export function privateKeyMessages(stackName: string, json: unknown): string[] {
  return privateKeyPaths(json).map(
    (path) => `[${PRIVATE_KEY_RULE.id}] ${PRIVATE_KEY_RULE.reason}: ${path} holds private key material, value not shown (${stackName})`,
  );
}
