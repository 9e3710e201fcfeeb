import { createMemoryBoardNetwork } from '../../src/adapters/memory/index.js';
import { boardCompliance } from './board.js';

boardCompliance('memory board', async (count) => {
  const network = createMemoryBoardNetwork();
  const endpoints = Array.from({ length: count }, (_, i) => network.endpoint(`p${i}`));
  return { endpoints, cleanup: async () => void (await Promise.all(endpoints.map((e) => e.close()))) };
});

boardCompliance(
  'memory board with a small limit',
  async (count) => {
    const network = createMemoryBoardNetwork({ maxMessageBytes: 64 * 1024 });
    const endpoints = Array.from({ length: count }, (_, i) => network.endpoint(`p${i}`));
    return { endpoints, cleanup: async () => void (await Promise.all(endpoints.map((e) => e.close()))) };
  },
  { maxMessageBytes: 64 * 1024 },
);

boardCompliance('memory board with random delay and duplicates', async (count) => {
  const network = createMemoryBoardNetwork();
  network.faults.set({ delay: [0, 15], duplicate: 0.3 });
  const endpoints = Array.from({ length: count }, (_, i) => network.endpoint(`p${i}`));
  return { endpoints, cleanup: async () => void (await Promise.all(endpoints.map((e) => e.close()))) };
});
