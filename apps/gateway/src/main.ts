import { runApp } from '@tributary/platform';
import { startGateway } from './bootstrap';

void runApp('gateway', () => startGateway(process.env));
