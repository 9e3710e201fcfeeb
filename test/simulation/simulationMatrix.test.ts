// Honest ceremonies, small and middle sizes (the large ones are in simulationMatrixLarge.test.ts).
import { matrixSuite } from '../dkgMatrix.js';

matrixSuite('simulation matrix: honest ceremonies, n = 3..10', [
  [3, 1],
  [3, 3],
  [4, 1],
  [4, 3],
  [7, 1],
  [7, 3],
  [10, 1],
  [10, 3],
]);
