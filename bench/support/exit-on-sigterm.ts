/**
 * Preloaded (node -r) into the gateway and the writer when they run under --cpu-prof: Nest's
 * shutdown hook ends the process by re-raising the signal, and a process killed by a signal
 * writes no profile. Registered before Nest's, this listener exits normally, so the profile is written.
 */
process.once('SIGTERM', () => process.exit(0));
