import { createServer } from 'node:net';

/** A loopback port that was free a moment ago: the OS picks it for a listener on port 0, which is then closed. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port of a listener on 127.0.0.1:0'));
        return;
      }
      server.close((err) => (err ? reject(err) : resolvePort(address.port)));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let attempt = 0; ports.size < count && attempt < count * 5; attempt++) ports.add(await freePort());
  if (ports.size < count) throw new Error(`could not find ${count} distinct free loopback ports`);
  return [...ports];
}
