/** The generated ABI/bytecode modules must equal a fresh compile of contracts/ (run `npx tsx contracts/compile.ts`). */
import { describe, expect, it } from 'vitest';
import { EVM_VERSION, staleGeneratedFiles } from '../../../contracts/compile.js';

describe('generated contract files', () => {
  it('are up to date with contracts/*.sol', () => {
    expect(EVM_VERSION).toBe('prague');
    expect(staleGeneratedFiles(), 'run: npx tsx contracts/compile.ts').toEqual([]);
  });
});
