/** A key as it may appear in a message: control characters escaped, at most 40 characters. */
export function printable(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return escaped.length > 40 ? `${escaped.slice(0, 40)}…` : escaped;
}

/** `uploads.adminOrigins[0]`: a settings path as messages print it, one line whatever the keys hold. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${printable(part)}` : printable(part)),
    '',
  );
}
