// @ts-expect-error: tsconfig maps @tributary/platform to the lib's index only, which is the point.
import { deep } from '@tributary/platform/kafka/deep';

export const breach = deep;
