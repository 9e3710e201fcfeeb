// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Erc1271Wallet (test only)
/// @notice A minimal contract wallet with one owner key, as a Safe with a single owner behaves towards ERC-1271:
///         a signature is valid for `hash` when it is the owner's 65-byte ECDSA signature (r || s || v, low s) of
///         that very hash. It can also hold ether and make calls for its owner, so it can stand in for an operator
///         or a depositor that is a contract.
contract Erc1271Wallet {
    /// @notice ERC-1271's magic value: bytes4(keccak256("isValidSignature(bytes32,bytes)")).
    bytes4 internal constant MAGIC_VALUE = 0x1626ba7e;
    /// @notice What is returned for a signature that is not the owner's.
    bytes4 internal constant INVALID = 0xffffffff;
    /// @dev secp256k1n / 2: a larger s is the malleable twin of a valid signature (EIP-2).
    uint256 internal constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice The one key that signs for this wallet.
    address public immutable owner;

    error NotOwner();
    error CallFailed(bytes reason);

    constructor(address owner_) {
        owner = owner_;
    }

    receive() external payable {}

    /// @notice ERC-1271: the magic value when `signature` is the owner's signature of `hash`, else 0xffffffff.
    ///         Never reverts on a malformed signature.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return INVALID;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v < 27) v += 27;
        if ((v != 27 && v != 28) || uint256(s) > HALF_ORDER) return INVALID;
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? MAGIC_VALUE : INVALID;
    }

    /// @notice Make a call as this wallet (owner only): lets a test post a bond or stake from a contract.
    function execute(address target, uint256 value, bytes calldata data) external returns (bytes memory) {
        if (msg.sender != owner) revert NotOwner();
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) revert CallFailed(result);
        return result;
    }
}
