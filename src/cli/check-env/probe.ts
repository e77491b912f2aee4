/** One HTTPS GET of check-env: the status and headers of the answer, or why none came. */
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
}

export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

export interface ProbeOptions {
  /** Host the request names (Host header and TLS server name). */
  domain: string;
  path: string;
  cookie?: string | undefined;
  /** Where to connect instead of the domain's address. */
  connectTo?: { host: string; port: number } | undefined;
  timeoutSeconds: number;
  /** Extra CA certificates (tests); in production the system store, or NODE_EXTRA_CA_CERTS. */
  ca?: string | undefined;
}

/**
 * Resolves with the status and headers, rejects with NoAnswerError when nothing usable comes back.
 * The deadline covers connect, TLS and the response headers together: the request's own `timeout` is an idle
 * timer on the socket, which a silent TLS peer only trips after twice the value.
 */
export function probe(options: ProbeOptions): Promise<Answer> {
  const { domain, path, cookie, connectTo, timeoutSeconds, ca } = options;
  return new Promise((resolve, reject) => {
    const req = request({
      host: connectTo?.host ?? domain,
      port: connectTo?.port ?? 443,
      servername: domain,
      path,
      method: 'GET',
      headers: { host: domain, 'user-agent': 'storytime-check-env', ...(cookie ? { cookie } : {}) },
      ca,
      agent: false,
    });
    const deadline = setTimeout(() => req.destroy(new NoAnswerError(`no answer within ${timeoutSeconds} s`)), timeoutSeconds * 1000);
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err instanceof NoAnswerError ? err : new NoAnswerError((err as NodeJS.ErrnoException).code ?? err.message));
    });
    req.on('response', (res) => {
      clearTimeout(deadline);
      // Only the status and headers are checked; a body that never ends must not keep the command running.
      res.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.end();
  });
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
