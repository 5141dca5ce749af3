import { CompressionTypes, Kafka, logLevel, Message, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';

/**
 * The reference for the gateway: a node:http server that only parses the NDJSON body and
 * produces every event with kafkajs (acks from all in-sync replicas), answering 202 after the
 * acknowledgement. No framework, no validation, no enrichment, no dedup key.
 *   per-request: one producer.send per request, concurrent sends.
 *   grouped: one send in flight, everything that arrives meanwhile rides on the next (as the gateway's publisher).
 *   grouped-gzip: grouped, each send GZIP-compressed (the one codec kafkajs has built in).
 * Usage: node kafka-http-server.js <port> <brokers> <topic> <per-request|grouped|grouped-gzip>
 */
export type ReferenceMode = 'per-request' | 'grouped' | 'grouped-gzip';

async function main(): Promise<void> {
  const [port, brokers, topic, mode] = process.argv.slice(2) as [string, string, string, ReferenceMode];
  const kafka = new Kafka({ clientId: 'bench-reference', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const publish =
    mode === 'per-request'
      ? (messages: Message[]) => producer.send({ topic, messages, acks: -1 }).then(() => undefined)
      : groupCommit(producer, topic, mode === 'grouped-gzip' ? CompressionTypes.GZIP : CompressionTypes.None);

  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => publish(eventMessages(body)))
      .then(
        () => response.writeHead(202, { 'content-type': 'application/json' }).end('{}'),
        (error: Error) => response.writeHead(503).end(error.message),
      );
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(port), '127.0.0.1');
  process.once('SIGTERM', () => void producer.disconnect().finally(() => process.exit(0)));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

function eventMessages(ndjson: string): Message[] {
  return ndjson
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => ({ key: randomUUID(), value: JSON.stringify(JSON.parse(line)) }));
}

function groupCommit(producer: Producer, topic: string, compression: CompressionTypes): (messages: Message[]) => Promise<void> {
  let waiting: { messages: Message[]; done: () => void; failed: (error: Error) => void }[] = [];
  let sending = false;
  const drain = async (): Promise<void> => {
    sending = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await producer.send({ topic, messages: batch.flatMap((entry) => entry.messages), acks: -1, compression });
        batch.forEach((entry) => entry.done());
      } catch (error) {
        batch.forEach((entry) => entry.failed(error as Error));
      }
    }
    sending = false;
  };
  return (messages) =>
    new Promise((done, failed) => {
      waiting.push({ messages, done, failed });
      if (!sending) void drain();
    });
}

void main();
