import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { track } from '../support/child-process';

export interface ProducerPerformanceResult {
  recordsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ProducerPerformanceRun {
  repoRoot: string;
  logDir: string;
  brokers: string;
  topic: string;
  records: number;
  recordBytes: number;
  timeoutMs: number;
}

/**
 * Kafka's own org.apache.kafka.tools.ProducerPerformance, from the broker's jars, with acks=all
 * and otherwise its default producer settings. Its last line reads:
 * "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, …".
 */
export function runProducerPerformance(run: ProducerPerformanceRun): Promise<ProducerPerformanceResult> {
  const libs = join(run.repoRoot, '.cache/kafka/4.4.0/libs/*');
  const args = [
    '-Xmx512m',
    `-Dlog4j2.configurationFile=${join(run.repoRoot, 'infra/kafka/log4j2.yaml')}`,
    `-Dkafka.logs.dir=${run.logDir}`,
    '-Dkafka.log.file=producer-performance.log',
    '-cp',
    libs,
    'org.apache.kafka.tools.ProducerPerformance',
    ...['--topic', run.topic, '--num-records', String(run.records), '--record-size', String(run.recordBytes), '--throughput', '-1'],
    ...['--producer-props', `bootstrap.servers=${run.brokers}`, 'acks=all'],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    const deadline = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs);
    child.once('close', (code) => {
      clearTimeout(deadline);
      const text = Buffer.concat(output).toString();
      const summary = /records sent, ([\d.]+) records\/sec .* (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/.exec(text);
      if (code !== 0 || !summary) {
        reject(new Error(`ProducerPerformance exited with ${code} (within ${run.timeoutMs} ms?) without its summary line:\n${text.slice(-2000)}`));
        return;
      }
      resolve({ recordsPerSecond: Number(summary[1]), p50Ms: Number(summary[2]), p99Ms: Number(summary[3]) });
    });
  });
}
