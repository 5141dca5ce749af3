import { IHeaders, KafkaMessage } from 'kafkajs';
import { InboundMessage } from './message-bus';

/** A kafkajs message as our port's InboundMessage: headers as text, a repeated header joined by commas. */
export function toInbound(partition: number, message: KafkaMessage): InboundMessage {
  return {
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: headersOf(message.headers),
    timestamp: new Date(Number(message.timestamp)),
  };
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return result;
}
