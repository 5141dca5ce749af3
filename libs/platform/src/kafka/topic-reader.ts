import { BatchHandler } from './message-bus';

/** Our port for looking at a whole topic once (an operator's tool), not for consuming it. */
export abstract class TopicReader {
  /**
   * Hands every message of `topic`, from its start to its end as it is when called, to `handle`,
   * a batch at a time, each partition's in order. Resolves once they are all handled: it never
   * waits for later messages, and commits no offset anywhere. A missing topic is an error.
   */
  abstract read(topic: string, handle: BatchHandler): Promise<void>;
}
