import { Injectable } from '@nestjs/common';
import { ReadinessCheck } from '../health/health.module';
import { MessagePublisher, MessageSubscriber } from './message-bus';

@Injectable()
export class PublisherReadiness extends ReadinessCheck {
  readonly name = 'kafka';

  constructor(private readonly publisher: MessagePublisher) {
    super();
  }

  async problem(): Promise<string | undefined> {
    return this.publisher.problem();
  }
}

@Injectable()
export class SubscriberReadiness extends ReadinessCheck {
  readonly name = 'consumer';

  constructor(private readonly subscriber: MessageSubscriber) {
    super();
  }

  async problem(): Promise<string | undefined> {
    return this.subscriber.problem();
  }
}
