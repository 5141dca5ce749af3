/** One thing a process needs to do its work; `problem()` says why it cannot now, or nothing. */
export abstract class ReadinessCheck {
  abstract readonly name: string;
  abstract problem(): Promise<string | undefined>;
}

/** The app's readiness checks, as one list. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
