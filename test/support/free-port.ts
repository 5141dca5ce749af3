export { freePort } from '../../bench/support/free-port';
