import { runApp } from '@tributary/platform';
import { startWriter } from './bootstrap';

void runApp('writer', () => startWriter(process.env));
