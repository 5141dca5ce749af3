import { Source } from './source';
import { TRIBUTARY_SOURCE } from './tributary/tributary.source';

/** Every door events come in through. Adding a source: its folder, and one line here. */
export const SOURCES: readonly Source[] = [TRIBUTARY_SOURCE];
