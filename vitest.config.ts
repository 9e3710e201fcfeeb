import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take a minute or more on an idle 2-core machine, slowest first. Without a duration cache (a fresh
 * clone, as in CI) vitest starts the largest files first, which left the whole-system simulations (tiny files, 1.5
 * and 3 minutes) for the very end, one worker busy and the other idle.
 */
const SLOW_FIRST = [
  'test/unit/dkg/adversarial.test.ts',
  'test/e2e/vaultFlow.test.ts',
  'test/integration/ceremonyRelay.test.ts',
  'test/simulation/simulationMatrixLarge.test.ts',
  'test/integration/ceremonyBoard.test.ts',
  'test/integration/ceremonyReload.test.ts',
  'test/integration/cliCeremony.test.ts',
  'test/unit/dkg/tamper.test.ts',
  'test/integration/cliBundle.test.ts',
  'test/compliance/libp2pBoard.test.ts',
  'test/simulation/simulationMatrix.test.ts',
  'test/integration/cliJoinRelay.test.ts',
];

/** Vitest's order (failed, then slowest by its cache, else largest first), with the known-slow files started first. */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const at = SLOW_FIRST.findIndex((path) => f.moduleId.replaceAll('\\', '/').endsWith(`/${path}`));
      return at < 0 ? SLOW_FIRST.length : at;
    };
    return sorted
      .map((f, k) => ({ f, k }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.k - b.k)
      .map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    // Unit, property, vector, compliance, integration, simulation (test/simulation: whole ceremonies, minutes) and
    // e2e suites: all of them run in `npm test`.
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two workers on the 2-core machines this runs on: CPU-heavy suites run side by side.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
