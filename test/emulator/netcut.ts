/**
 * A network cut between Terraform's AWS provider and the emulator: a TCP
 * proxy on 127.0.0.1 that passes everything until a request matches the
 * trigger, lets that request's answer through, then drops every connection
 * and refuses new ones until restored. The provider sees what it sees when a
 * network goes away mid-apply: the create succeeded, the calls after it fail.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface CuttingProxy {
  readonly url: string;
  /** The request that triggered the cut, once it happened. */
  readonly cutAfter: () => string | undefined;
  restore(): void;
  close(): Promise<void>;
}

export async function cuttingProxy(target: string, trigger: (request: string) => boolean): Promise<CuttingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let cut = false;
  let cutAfter: string | undefined;
  const cutNow = () => {
    cut = true;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: hostname, port: Number(port) });
    sockets.add(client).add(upstream);
    let armed = false;
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (!cut && trigger(text)) {
        armed = true;
        cutAfter = text.split('\r\n\r\n')[1];
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      // The answer to the triggering request reaches the provider; everything after it does not.
      if (armed) setTimeout(cutNow, 50);
    });
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy: no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    cutAfter: () => cutAfter,
    restore: () => {
      cut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutNow();
        server.close(() => resolve());
      }),
  };
}
