/**
 * An STS endpoint in a process of its own that answers GetCallerIdentity for
 * one account: for tests that run the CLI with spawnSync, which blocks this
 * process's event loop (a server in it could not answer).
 */
import { spawn, type ChildProcess } from 'node:child_process';

const SERVER = `
const account = process.argv[1];
require('node:http').createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.setHeader('content-type', 'text/xml');
    response.end('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
      '<Arn>arn:aws:iam::' + account + ':user/ana</Arn><UserId>AIDAEXAMPLE</UserId><Account>' + account + '</Account>' +
      '</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

export interface FakeSts {
  /** Environment that points the CLI's AWS SDK at it, with credentials the SDK accepts. */
  readonly env: Record<string, string>;
  stop(): void;
}

export async function fakeSts(account: string): Promise<FakeSts> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER, account], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('error', reject);
  });
  return {
    env: {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
      AWS_REGION: 'us-east-1',
    },
    stop: () => void child.kill(),
  };
}
