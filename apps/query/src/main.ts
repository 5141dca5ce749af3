import { CONTRACTS_VERSION } from '@tributary/contracts';
console.log('query', CONTRACTS_VERSION);
