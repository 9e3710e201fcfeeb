import { randomBytes } from 'node:crypto';
import { createNobleBls } from '../../src/adapters/bls/index.js';
import { blsCompliance } from './bls.js';

blsCompliance('noble (default Web Crypto randomness)', () => createNobleBls());
blsCompliance('noble (injected randomness)', () => createNobleBls((n) => Uint8Array.from(randomBytes(n))));
