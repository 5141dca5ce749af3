/** One waiting helper for the tests and the bench: with a deadline, saying what it waited for. */
export { waitFor } from '../../bench/support/wait-for';
