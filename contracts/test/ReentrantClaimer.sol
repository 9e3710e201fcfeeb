// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The vault functions the attacker uses.
interface IVault {
    function stake() external payable;
    function claim() external;
}

/// @title ReentrantClaimer (test only)
/// @notice A staker contract that tries to re-enter `claim` from its receive hook to drain the vault.
contract ReentrantClaimer {
    IVault public immutable vault;
    /// @notice How many re-entry attempts were made and how many succeeded.
    uint256 public attempts;
    uint256 public successes;
    /// @notice The revert data of the last failed re-entry.
    bytes public lastError;

    constructor(IVault vault_) {
        vault = vault_;
    }

    /// @notice Stake msg.value into the vault.
    function stakeIntoVault() external payable {
        vault.stake{value: msg.value}();
    }

    /// @notice Claim; the receive hook re-enters up to 3 times.
    function attack() external {
        vault.claim();
    }

    receive() external payable {
        if (attempts < 3) {
            attempts += 1;
            try vault.claim() {
                successes += 1;
            } catch (bytes memory reason) {
                lastError = reason;
            }
        }
    }
}
