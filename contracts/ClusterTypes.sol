// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The configuration of one distributed validator cluster. Its ABI encoding is hashed (keccak256) into the
///         CREATE2 salt of the cluster's vault, so the vault address is known before the DKG signs the deposit.
/// @param operators        operator addresses, sorted strictly ascending (unique), 3 <= n <= 16
/// @param threshold        signing threshold t: ceil(2n/3) <= t <= n
/// @param bondPerOperator  the bond each operator posts, in wei (> 0, n * bond <= 32 ether)
/// @param stakerCapacity   32 ether - n * bondPerOperator: what stakers fill (0 = operators fund everything)
/// @param termSeconds      the staking period; after it any operator or staker may request the exit
/// @param commissionBps    the operators' commission on the stakers' share of the rewards, in basis points (<= 10000)
/// @param fundingDeadline  unix time, at most 30 days after creation; bonds, stakes and the deposit are accepted until
///                         then, after it the vault may be cancelled
/// @param credentialType   withdrawal credential prefix: 1 (0x01) or 2 (0x02, compounding)
/// @param salt             free value to make otherwise identical configurations distinct
struct ClusterConfig {
    address[] operators;
    uint8 threshold;
    uint256 bondPerOperator;
    uint256 stakerCapacity;
    uint64 termSeconds;
    uint16 commissionBps;
    uint64 fundingDeadline;
    uint8 credentialType;
    bytes32 salt;
}
