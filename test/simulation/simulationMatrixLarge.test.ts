// Honest ceremonies of the large recommended sizes, with one and three validators.
import { matrixSuite } from '../dkgMatrix.js';

matrixSuite('simulation matrix: honest ceremonies, n = 13 and 16', [
  [13, 1],
  [13, 3],
  [16, 1],
  [16, 3],
]);
