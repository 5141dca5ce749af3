import { CONTRACTS_VERSION } from '@tributary/contracts';
console.log('gateway', CONTRACTS_VERSION);
