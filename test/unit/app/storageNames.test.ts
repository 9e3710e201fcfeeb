import { describe, expect, it } from 'vitest';
import { storageName } from '../../../src/app/storageNames.js';

// The names of data saved by earlier versions: changing one strands what browsers and state directories hold.
describe('storageName', () => {
  const h = 'ab'.repeat(32);
  it('gives the names saved before it existed', () => {
    expect(storageName('registryId', h, 2)).toBe(`${h}-2`);
    expect(storageName('ceremonyStore', h, 2)).toBe(`ceremony-${h}-2`);
    expect(storageName('importStore', h, 2)).toBe(`imported-${h}-2`);
    expect(storageName('tabLock', h, 2)).toBe(`sv-ceremony-${h}-2`);
    expect(storageName('seedRecord', h, 2)).toBe(`ceremony/${h}/2/seed`);
    expect(storageName('stateRecord', h, 2)).toBe(`ceremony/${h}/2/state`);
  });
});
