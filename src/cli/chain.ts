/**
 * `sv chain`: the embedded local chain — anvil (prague) on loopback with the EIP-4788/7002/7251 system contracts,
 * the official deposit contract and the ClusterFactory — running until Ctrl-C. Writes the deployment JSON that
 * the web app and the CLI read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startLocalChain } from '../adapters/chain/node.js';
import { runUntilStopped } from '../node/lifecycle.js';
import { EXIT, parseCommandArgs, type CliIO } from './io.js';
import { intOption } from './ceremonyCreate.js';

export const USAGE = `Usage: sv chain [--port <n>] [--deployment <file>]

  Starts a local development chain on 127.0.0.1 (default port 8545) and writes its deployment
  (chainId, rpcUrl, depositContract, clusterFactory, dev accounts) to <file> (default .sv/deployment.json).
  The dev accounts' keys are public test keys: never use them on a real network. Stop with Ctrl-C.`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(args, { port: { type: 'string' }, deployment: { type: 'string' } }, USAGE, false);
  const port = intOption(values.port, 'port', 1, 65535) ?? 8545;
  const file = values.deployment ?? '.sv/deployment.json';
  const chain = await startLocalChain({ port });
  const deployment = {
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    depositContract: chain.depositContract,
    clusterFactory: chain.clusterFactory,
    accounts: chain.accounts.map((a) => ({ address: a.address, privateKey: a.privateKey })),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
  io.out(`local chain ${chain.rpcUrl} (chain id ${chain.chainId}, prague)`);
  io.out(`  deposit contract ${chain.depositContract}`);
  io.out(`  cluster factory  ${chain.clusterFactory}`);
  io.out(`  deployment written to ${file}`);
  io.out('  funded dev accounts (10,000 ETH each; public test keys, never use them elsewhere):');
  for (const a of chain.accounts.slice(0, 5)) io.out(`    ${a.address}  ${a.privateKey}`);
  io.out('Press Ctrl-C to stop.');
  await runUntilStopped(() => chain.stop());
  io.out('local chain stopped');
  return EXIT.OK;
}
