// Mocha root hook plugin (loaded via "require" in .mocharc.unit.json): the shared S3
// servers are stopped once, after the whole run, whether tests passed or failed.
import { stopSharedServers } from './servers';

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await stopSharedServers();
  },
};
