import { CONTRACTS_VERSION } from '@tributary/contracts';
console.log('clickhouse-embedded', CONTRACTS_VERSION);
