import { runApp } from '@tributary/platform';
import { startQuery } from './bootstrap';

void runApp('query', () => startQuery(process.env));
