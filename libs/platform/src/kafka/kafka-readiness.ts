import { Inject, Injectable, Type } from '@nestjs/common';
import { ReadinessCheck } from '../health/health.module';
import { MessagePublisher, MessageSubscriber } from './message-bus';

type Diagnosable = MessagePublisher | MessageSubscriber;

/** A readiness check that asks a message-bus adapter what keeps it from working, if anything. */
function readinessOf(name: string, dependency: abstract new () => Diagnosable): Type<ReadinessCheck> {
  @Injectable()
  class BusReadiness extends ReadinessCheck {
    readonly name = name;

    constructor(@Inject(dependency) private readonly adapter: Diagnosable) {
      super();
    }

    async problem(): Promise<string | undefined> {
      return this.adapter.problem();
    }
  }
  return BusReadiness;
}

export const PublisherReadiness = readinessOf('kafka', MessagePublisher);
export const SubscriberReadiness = readinessOf('consumer', MessageSubscriber);
