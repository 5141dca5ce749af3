import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  /** The CA's certificate (PEM): what clients and the broker trust. */
  caFile: string;
  /** Private key then certificate for 127.0.0.1, signed by the CA: a Kafka PEM keystore. */
  serverKeystoreFile: string;
  /** A client certificate signed by the CA, and its key (mutual TLS). */
  clientCertFile: string;
  clientKeyFile: string;
}

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl in `dir` (about a second). */
export function makeTestCertificates(dir: string): TestCertificates {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=tributary-test-ca');
  writeFileSync(path('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/CN=tributary-test-client'],
  ]) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    const extensions = name === 'server' ? ['-extfile', 'server.ext'] : [];
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', ...extensions);
  }
  execFileSync('sh', ['-c', 'cat server.key server.crt > server-keystore.pem'], { cwd: dir });
  return { caFile: path('ca.pem'), serverKeystoreFile: path('server-keystore.pem'), clientCertFile: path('client.crt'), clientKeyFile: path('client.key') };
}
