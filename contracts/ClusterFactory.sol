// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ClusterConfig} from "./ClusterTypes.sol";
import {ClusterVault} from "./ClusterVault.sol";

/// @title ClusterFactory
/// @notice Permissionless factory of ClusterVaults. A vault's address is CREATE2 over keccak256(abi.encode(config))
///         as the salt, so it is known before the DKG signs the deposit. No owner, no admin, no proxy.
contract ClusterFactory {
    /// @notice The amount of one validator deposit.
    uint256 public constant DEPOSIT_AMOUNT = 32 ether;
    /// @notice Fewest operators.
    uint256 public constant MIN_OPERATORS = 3;
    /// @notice Most operators.
    uint256 public constant MAX_OPERATORS = 16;
    /// @notice The funding deadline is at most this long after the vault's creation. Until the deadline, bonds and
    ///         stakes can leave the vault only by the deposit; an operator who never bonds or never signs its deposit
    ///         check can therefore lock the others' ether at most this long before `cancel` refunds it.
    uint256 public constant MAX_FUNDING_PERIOD = 30 days;

    /// @notice The beacon-chain deposit contract every vault deposits into.
    address public immutable depositContract;
    /// @notice The EIP-7002 withdrawal request predeploy every vault calls.
    address public immutable withdrawalRequestContract;

    /// @notice Emitted when a vault is created.
    event ClusterCreated(address indexed vault, bytes32 indexed configHash, address[] operators, uint8 threshold);

    /// @notice n is outside 3..16.
    error BadOperatorCount(uint256 n);
    /// @notice operators[index] is zero or not strictly greater than operators[index - 1].
    error OperatorsNotSorted(uint256 index);
    /// @notice t violates ceil(2n/3) <= t <= n.
    error BadThreshold(uint256 threshold, uint256 n);
    /// @notice The bond is zero or n * bond exceeds 32 ether.
    error BadBond(uint256 bond);
    /// @notice stakerCapacity is not 32 ether - n * bond.
    error BadCapacity(uint256 expected, uint256 got);
    /// @notice The term is zero.
    error BadTerm();
    /// @notice The commission is above 10000 basis points.
    error BadCommission(uint256 bps);
    /// @notice The credential type is not 1 or 2.
    error BadCredentialType(uint8 credentialType);
    /// @notice The funding deadline is not in the future.
    error DeadlinePassed(uint256 deadline);
    /// @notice The funding deadline is `got` seconds away, more than the `max` allowed.
    error FundingTooLong(uint256 max, uint256 got);
    /// @notice A vault for this configuration exists already.
    error ClusterExists(address vault);

    /// @param depositContract_ the beacon-chain deposit contract
    /// @param withdrawalRequestContract_ the EIP-7002 predeploy
    constructor(address depositContract_, address withdrawalRequestContract_) {
        depositContract = depositContract_;
        withdrawalRequestContract = withdrawalRequestContract_;
    }

    /// @notice keccak256 of the ABI-encoded configuration: the CREATE2 salt.
    function configHash(ClusterConfig calldata config) public pure returns (bytes32) {
        return keccak256(abi.encode(config));
    }

    /// @notice Reverts with a custom error if `config` is invalid (the deadline is checked against now).
    /// @dev The threshold rule t >= ceil(2n/3): at most f = floor((n-1)/3) operators are assumed faulty, and two
    ///      quorums of size t then always share at least 2t - n >= f + 1 operators, so at least one honest one. An
    ///      honest operator signs only one thing per decision, so no two conflicting results can both reach t.
    function validateConfig(ClusterConfig calldata config) public view {
        uint256 n = config.operators.length;
        if (n < MIN_OPERATORS || n > MAX_OPERATORS) revert BadOperatorCount(n);
        for (uint256 i = 0; i < n; i++) {
            if (config.operators[i] == address(0)) revert OperatorsNotSorted(i);
            if (i > 0 && config.operators[i] <= config.operators[i - 1]) revert OperatorsNotSorted(i);
        }
        uint256 t = config.threshold;
        if (t > n || 3 * t < 2 * n) revert BadThreshold(t, n);
        uint256 bond = config.bondPerOperator;
        if (bond == 0 || bond > DEPOSIT_AMOUNT / n) revert BadBond(bond);
        if (config.stakerCapacity != DEPOSIT_AMOUNT - n * bond) {
            revert BadCapacity(DEPOSIT_AMOUNT - n * bond, config.stakerCapacity);
        }
        if (config.termSeconds == 0) revert BadTerm();
        if (config.commissionBps > 10_000) revert BadCommission(config.commissionBps);
        if (config.credentialType != 1 && config.credentialType != 2) revert BadCredentialType(config.credentialType);
        if (config.fundingDeadline <= block.timestamp) revert DeadlinePassed(config.fundingDeadline);
        uint256 period = config.fundingDeadline - block.timestamp;
        if (period > MAX_FUNDING_PERIOD) revert FundingTooLong(MAX_FUNDING_PERIOD, period);
    }

    /// @notice The address `createCluster(config)` deploys to (validates `config` first).
    function predictVault(ClusterConfig calldata config) public view returns (address) {
        validateConfig(config);
        bytes32 initCodeHash = keccak256(
            abi.encodePacked(
                type(ClusterVault).creationCode, abi.encode(config, depositContract, withdrawalRequestContract)
            )
        );
        return address(
            uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), configHash(config), initCodeHash))))
        );
    }

    /// @notice Deploy the vault for `config` (permissionless).
    /// @return vault the new vault, at `predictVault(config)`
    function createCluster(ClusterConfig calldata config) external returns (address vault) {
        address predicted = predictVault(config);
        if (predicted.code.length > 0) revert ClusterExists(predicted);
        bytes32 hash = configHash(config);
        vault = address(new ClusterVault{salt: hash}(config, depositContract, withdrawalRequestContract));
        emit ClusterCreated(vault, hash, config.operators, config.threshold);
    }
}
