import { createServer } from 'node:http';

/**
 * The load generator's ceiling: a node:http server that reads the body and answers 202 with a
 * tiny JSON, doing nothing else. Whatever rate the generator reaches against it, it cannot
 * reach more against a server that does real work.
 * Usage: node trivial-http-server.js <port>
 */
const server = createServer((request, response) => {
  request.resume();
  request.once('end', () => response.writeHead(202, { 'content-type': 'application/json' }).end('{"ids":[]}'));
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
