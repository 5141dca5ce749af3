import { OutboundMessage } from '@tributary/platform';

/**
 * Splits messages into sends of at most `maxBytes` (a larger message goes alone). One send puts
 * a partition's messages in one record batch, which the broker refuses beyond its
 * message.max.bytes (1 MiB by default), and a dead letter may be as large as its producer made it.
 */
export function inChunks(messages: OutboundMessage[], maxBytes: number): OutboundMessage[][] {
  const chunks: OutboundMessage[][] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = sizeOf(message);
    if (chunks.length === 0 || size + bytes > maxBytes) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(message);
    size += bytes;
  }
  return chunks;
}

function sizeOf({ key, value, headers = {} }: OutboundMessage): number {
  const headerBytes = Object.entries(headers).reduce((sum, [name, text]) => sum + Buffer.byteLength(name) + Buffer.byteLength(text), 0);
  return Buffer.byteLength(key ?? '') + Buffer.byteLength(value) + headerBytes;
}
