import { CONTRACTS_VERSION } from '@tributary/contracts';
console.log('writer', CONTRACTS_VERSION);
