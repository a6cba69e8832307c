// A line in the test run's output (a measured timing, for the record). The extension host's
// console goes nowhere the launcher reads; mocha's reporter output is copied to the host log
// (test/host/index.ts), so notes go the same way.
import MochaRuntime from 'mocha';

export function note(text: string): void {
  (MochaRuntime.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog(`      ↳ ${text}`);
}
