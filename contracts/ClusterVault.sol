// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ClusterConfig} from "./ClusterTypes.sol";

/// @notice The official beacon-chain deposit contract (only the function the vault calls).
interface IDepositContract {
    function deposit(
        bytes calldata pubkey,
        bytes calldata withdrawal_credentials,
        bytes calldata signature,
        bytes32 deposit_data_root
    ) external payable;

    /// @notice sha256(merkle root of all deposits ‖ deposit count, little-endian, padded): changes with every deposit.
    function get_deposit_root() external view returns (bytes32);
}

/// @notice ERC-1271: how a contract wallet says a signature is its own.
interface IERC1271 {
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue);
}

/// @title ClusterVault
/// @notice One vault per distributed validator. The vault is the validator's withdrawal credential (0x01 or 0x02)
///         and its fee recipient, so operators never control the principal. No owner, no admin, no proxy.
/// @dev Lifecycle: Funding -> Deposited -> Exiting -> Settled (Deposited -> Settled when the principal comes back
///      without an exit request), or Funding -> Cancelled. All payouts are pull payments (`claim`). Rounding: operators' amounts are split equally and the remainder (< n wei) goes to
///      `operators[0]`; stakers' amounts are split pro rata to their stakes (rounded down) and the remainder
///      (< number of stakers wei) goes to the first staker. So the sum of all credits equals what the vault received.
contract ClusterVault {
    /// @notice The lifecycle phases.
    enum Phase {
        Funding,
        Deposited,
        Exiting,
        Settled,
        Cancelled
    }

    /// @notice The amount of one validator deposit.
    uint256 public constant DEPOSIT_AMOUNT = 32 ether;
    /// @notice At most this many distinct stakers (bounds the loops in `settle` and `cancel`).
    uint256 public constant MAX_STAKERS = 64;
    /// @notice Time between two EIP-7002 exit requests (the consensus layer may drop a request silently).
    uint256 public constant EXIT_REQUEST_COOLDOWN = 1 days;
    /// @notice `settle` is allowed, whatever the balance, this long after the first exit request or after the end of
    ///         the term: a validator that exits is paid out within days, so 60 days only bound a stuck or lost one.
    uint256 public constant SETTLE_GRACE = 60 days;
    /// @notice `settle` is allowed as soon as this much has arrived, with or without an exit request: the principal is
    ///         back (the validator was slashed, ejected or exited by a presigned message). Rewards never reach it
    ///         while the validator runs: a 0x01 validator's skims are its balance above 32 ether, and a 0x02 one is
    ///         not skimmed below 2048 ether. Settling early is harmless anyway: the split is cumulative (see `split`).
    uint256 public constant SETTLE_MIN_BALANCE = 16 ether;
    /// @notice ERC-1271's magic value: bytes4(keccak256("isValidSignature(bytes32,bytes)")).
    bytes4 internal constant ERC1271_MAGIC_VALUE = 0x1626ba7e;
    /// @dev secp256k1n / 2: an ECDSA signature with a larger s is the malleable twin of another (EIP-2).
    uint256 internal constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    /// @notice keccak256 of the EIP-712 domain type.
    bytes32 public constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// @notice keccak256 of the EIP-712 type every operator signs before the deposit.
    bytes32 public constant DEPOSIT_CHECK_TYPEHASH =
        keccak256("DepositCheck(bytes pubkey,bytes32 depositDataRoot,bytes32 depositRoot)");

    /// @notice The beacon-chain deposit contract.
    address public immutable depositContract;
    /// @notice The EIP-7002 withdrawal request predeploy (0x00000961Ef480Eb55e80D19ad83579A64c007002 on mainnet).
    address public immutable withdrawalRequestContract;
    /// @notice The factory that created this vault.
    address public immutable factory;
    /// @notice Signing threshold t.
    uint8 public immutable threshold;
    /// @notice Bond per operator, wei.
    uint256 public immutable bondPerOperator;
    /// @notice 32 ether - n * bond.
    uint256 public immutable stakerCapacity;
    /// @notice Staking period in seconds, from the deposit.
    uint64 public immutable termSeconds;
    /// @notice Commission on the stakers' share of rewards, basis points.
    uint16 public immutable commissionBps;
    /// @notice Bonds and stakes are accepted until this unix time.
    uint64 public immutable fundingDeadline;
    /// @notice 1 or 2: the prefix of the withdrawal credentials.
    uint8 public immutable credentialType;

    address[] private _operators;
    mapping(address => bool) public isOperator;

    /// @notice Current phase.
    Phase public phase;
    /// @notice Whether an operator posted its bond.
    mapping(address => bool) public bondPosted;
    /// @notice Number of bonds posted.
    uint256 public bondCount;
    /// @notice Stake per staker (kept after settlement for the record).
    mapping(address => uint256) public stakeOf;
    address[] private _stakers;
    /// @notice Sum of all stakes.
    uint256 public totalStaked;

    /// @notice The validator public key (set by `deposit`).
    bytes public validatorPubkey;
    /// @notice Unix time of the deposit.
    uint256 public depositedAt;
    /// @notice Unix time when the term ends (depositedAt + termSeconds).
    uint256 public termEndsAt;

    /// @notice Whether an operator voted for an early exit.
    mapping(address => bool) public votedExit;
    /// @notice Number of early-exit votes.
    uint256 public exitVotes;
    /// @notice Number of EIP-7002 exit requests made.
    uint256 public exitRequestCount;
    /// @notice Unix time of the first exit request.
    uint256 public firstExitRequestAt;
    /// @notice Unix time of the latest exit request.
    uint256 public lastExitRequestAt;

    /// @notice Cumulative wei distributed by `settle` (principal, rewards, anything received after the deposit).
    uint256 public totalReceived;
    /// @notice Cumulative wei allocated to operators by `settle`.
    uint256 public allocatedToOperators;
    /// @notice Cumulative wei allocated to stakers by `settle`.
    uint256 public allocatedToStakers;
    /// @notice Credited but not yet claimed.
    uint256 public outstanding;
    /// @notice Pull balances.
    mapping(address => uint256) public claimable;

    uint256 private _lock = 1;

    /// @notice Emitted when an operator posts its bond.
    event BondPosted(address indexed operator, uint256 amount);
    /// @notice Emitted on each stake.
    event Staked(address indexed staker, uint256 amount, uint256 totalStaked);
    /// @notice Emitted when the 32 ether deposit is made.
    event ValidatorDeposited(bytes pubkey, bytes32 depositDataRoot, uint256 termEndsAt);
    /// @notice Emitted when the vault is cancelled.
    event Cancelled(uint256 refunded);
    /// @notice Emitted on each early-exit vote.
    event ExitVoted(address indexed operator, uint256 votes);
    /// @notice Emitted on each EIP-7002 exit request.
    event ExitRequested(address indexed caller, uint256 fee, uint256 requestCount);
    /// @notice Event-only bulletin for an operator's presigned voluntary exit.
    event SignedExitPublished(address indexed operator, bytes signedExit);
    /// @notice Emitted on each settlement of newly received funds.
    event Settled(uint256 received, uint256 toOperators, uint256 toStakers);
    /// @notice Emitted on each pull payment.
    event Claimed(address indexed account, uint256 amount);
    /// @notice Emitted when ether that arrived after the cancellation is credited to those who paid in.
    event Swept(uint256 amount);

    /// @notice The caller is not one of the cluster's operators.
    error NotOperator(address account);
    /// @notice The bond sent is not exactly `bondPerOperator`.
    error WrongBond(uint256 expected, uint256 got);
    /// @notice The function is not allowed in the current phase.
    error WrongPhase(uint8 phase);
    /// @notice The term has not ended (and fewer than t operators voted for an early exit).
    error TermNotOver(uint256 endsAt);
    /// @notice The EIP-7002 fee is above the caller's maximum.
    error FeeTooHigh(uint256 fee, uint256 max);
    /// @notice The value sent does not cover the EIP-7002 fee.
    error FeeNotCovered(uint256 fee, uint256 sent);
    /// @notice The funding deadline has passed.
    error FundingClosed(uint256 deadline);
    /// @notice The funding deadline has not passed yet.
    error FundingOpen(uint256 deadline);
    /// @notice The operator already posted its bond.
    error BondAlreadyPosted(address operator);
    /// @notice The stake is above the remaining capacity.
    error CapacityExceeded(uint256 remaining, uint256 got);
    /// @notice The stake is below the minimum (and does not fill the remaining capacity).
    error StakeTooSmall(uint256 min, uint256 got);
    /// @notice No more distinct stakers are accepted.
    error TooManyStakers(uint256 max);
    /// @notice A byte string has the wrong length.
    error BadLength(uint256 expected, uint256 got);
    /// @notice The vault does not hold the full deposit yet.
    error NotFullyFunded(uint256 funded);
    /// @notice `deposit` needs one check per operator, in the order of `operators()`.
    error WrongCheckCount(uint256 expected, uint256 got);
    /// @notice The operator's check is not its signature over this deposit and deposit root.
    error BadDepositCheck(address operator);
    /// @notice A deposit was made (anywhere) since the operators signed their checks over `signed`.
    error DepositRootChanged(bytes32 signed, bytes32 current);
    /// @notice Nothing has arrived since the cancellation or the last sweep.
    error NothingToSweep();
    /// @notice The operator already voted.
    error AlreadyVoted(address operator);
    /// @notice The caller is neither an operator nor a staker.
    error NotParticipant(address account);
    /// @notice The next exit request is allowed at `nextAt`.
    error ExitCooldown(uint256 nextAt);
    /// @notice Reading the EIP-7002 fee failed.
    error FeeReadFailed();
    /// @notice The EIP-7002 request call failed.
    error ExitRequestFailed();
    /// @notice Settlement needs 16 ether back or the grace period to end (after the first exit request, or after
    ///         the term when no exit was requested).
    error NotSettleable(uint256 balance, uint256 graceEndsAt);
    /// @notice Nothing new to settle.
    error NothingToSettle();
    /// @notice The account has nothing to claim.
    error NothingToClaim(address account);
    /// @notice An ether transfer failed.
    error TransferFailed(address to, uint256 amount);
    /// @notice A guarded function was re-entered.
    error Reentrancy();

    modifier nonReentrant() {
        if (_lock != 1) revert Reentrancy();
        _lock = 2;
        _;
        _lock = 1;
    }

    modifier onlyOperator() {
        if (!isOperator[msg.sender]) revert NotOperator(msg.sender);
        _;
    }

    modifier inPhase(Phase p) {
        if (phase != p) revert WrongPhase(uint8(phase));
        _;
    }

    /// @notice Created by ClusterFactory, which validates `config`.
    /// @param config the cluster configuration
    /// @param depositContract_ the beacon-chain deposit contract
    /// @param withdrawalRequestContract_ the EIP-7002 predeploy
    constructor(ClusterConfig memory config, address depositContract_, address withdrawalRequestContract_) {
        factory = msg.sender;
        depositContract = depositContract_;
        withdrawalRequestContract = withdrawalRequestContract_;
        threshold = config.threshold;
        bondPerOperator = config.bondPerOperator;
        stakerCapacity = config.stakerCapacity;
        termSeconds = config.termSeconds;
        commissionBps = config.commissionBps;
        fundingDeadline = config.fundingDeadline;
        credentialType = config.credentialType;
        for (uint256 i = 0; i < config.operators.length; i++) {
            _operators.push(config.operators[i]);
            isOperator[config.operators[i]] = true;
        }
    }

    /// @notice Accepts rewards and withdrawals after the deposit; rejected while funding or after cancellation.
    receive() external payable {
        if (phase == Phase.Funding || phase == Phase.Cancelled) revert WrongPhase(uint8(phase));
    }

    // ------------------------------------------------------------------ views

    /// @notice The operators, sorted ascending.
    function operators() external view returns (address[] memory) {
        return _operators;
    }

    /// @notice The stakers, in order of their first stake.
    function stakers() external view returns (address[] memory) {
        return _stakers;
    }

    /// @notice The 32-byte withdrawal credentials: prefix ‖ 11 zero bytes ‖ this vault's address.
    function withdrawalCredentials() public view returns (bytes32) {
        return bytes32((uint256(credentialType) << 248) | uint256(uint160(address(this))));
    }

    /// @notice The EIP-712 domain separator: {name "ClusterVault", version "1", this chain, this vault}.
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("ClusterVault"), keccak256("1"), block.chainid, address(this))
        );
    }

    /// @notice The EIP-712 digest an operator signs as its deposit check:
    ///         DepositCheck(bytes pubkey, bytes32 depositDataRoot, bytes32 depositRoot) in this vault's domain.
    /// @param pubkey the 48-byte validator key
    /// @param depositDataRoot the deposit data root the operator verified
    /// @param depositRoot the deposit contract's `get_deposit_root()` when the operator checked
    function depositCheckDigest(bytes calldata pubkey, bytes32 depositDataRoot, bytes32 depositRoot)
        public
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(DEPOSIT_CHECK_TYPEHASH, keccak256(pubkey), depositDataRoot, depositRoot));
        return keccak256(abi.encodePacked(hex"1901", DOMAIN_SEPARATOR(), structHash));
    }

    /// @notice Bonds plus stakes.
    function totalFunded() public view returns (uint256) {
        return bondCount * bondPerOperator + totalStaked;
    }

    /// @notice The minimum single stake: ceil(stakerCapacity / MAX_STAKERS), or the remaining capacity if smaller.
    function minStake() public view returns (uint256) {
        uint256 min = (stakerCapacity + MAX_STAKERS - 1) / MAX_STAKERS;
        uint256 remaining = stakerCapacity - totalStaked;
        return remaining < min ? remaining : min;
    }

    /// @notice How settling a cumulative `received` amount splits between operators and stakers.
    /// @dev Below 32 ether the shortfall hits the bonds first, then the stakers. Above, the stakers' share of the
    ///      rewards is rewards * stakerCapacity / 32 ether (rounded down), minus commissionBps of it (rounded down);
    ///      operators get the rest (their bonds, their share, the commission, the rounding). Both parts are
    ///      non-decreasing in `received`, so settling again after more funds arrive only adds.
    function split(uint256 received) public view returns (uint256 toOperators, uint256 toStakers) {
        uint256 bonds = DEPOSIT_AMOUNT - stakerCapacity;
        if (received < DEPOSIT_AMOUNT) {
            uint256 shortfall = DEPOSIT_AMOUNT - received;
            if (shortfall <= bonds) {
                toOperators = bonds - shortfall;
                toStakers = stakerCapacity;
            } else {
                toOperators = 0;
                toStakers = received;
            }
        } else {
            uint256 rewards = received - DEPOSIT_AMOUNT;
            uint256 stakersGross = (rewards * stakerCapacity) / DEPOSIT_AMOUNT;
            uint256 commission = (stakersGross * commissionBps) / 10_000;
            toStakers = stakerCapacity + stakersGross - commission;
            toOperators = received - toStakers;
        }
    }

    // ------------------------------------------------------------------ funding

    /// @notice Post this operator's bond: exactly `bondPerOperator`, once, before the funding deadline.
    function postBond() external payable onlyOperator inPhase(Phase.Funding) {
        if (block.timestamp > fundingDeadline) revert FundingClosed(fundingDeadline);
        if (bondPosted[msg.sender]) revert BondAlreadyPosted(msg.sender);
        if (msg.value != bondPerOperator) revert WrongBond(bondPerOperator, msg.value);
        bondPosted[msg.sender] = true;
        bondCount += 1;
        emit BondPosted(msg.sender, msg.value);
    }

    /// @notice Stake up to the remaining capacity, before the funding deadline. Each stake is at least `minStake()`.
    function stake() external payable inPhase(Phase.Funding) {
        if (block.timestamp > fundingDeadline) revert FundingClosed(fundingDeadline);
        uint256 remaining = stakerCapacity - totalStaked;
        if (msg.value > remaining) revert CapacityExceeded(remaining, msg.value);
        uint256 min = minStake();
        if (msg.value == 0 || msg.value < min) revert StakeTooSmall(min == 0 ? 1 : min, msg.value);
        if (stakeOf[msg.sender] == 0) {
            if (_stakers.length >= MAX_STAKERS) revert TooManyStakers(MAX_STAKERS);
            _stakers.push(msg.sender);
        }
        stakeOf[msg.sender] += msg.value;
        totalStaked += msg.value;
        emit Staked(msg.sender, msg.value, totalStaked);
    }

    /// @notice Make the 32 ether deposit with this vault's credentials; starts the term. Anyone may send it, before
    ///         the funding deadline, once fully funded, with every operator's deposit check.
    /// @dev Why a check is bound to the deposit root: the first valid deposit for a key sets its withdrawal
    ///      credentials, and t colluding operators can threshold-sign a deposit for the group key with their own
    ///      credentials. Sent before this call (an earlier block, or earlier in the same block), it would turn the
    ///      vault's 32 ether into a top-up credited to them. Each operator therefore checks in its browser that the
    ///      deposit contract holds no deposit for `pubkey` and signs that together with `get_deposit_root()` as it
    ///      saw it. The root is sha256 over the deposit tree and the deposit count; the count grows with every
    ///      deposit anywhere, so a root never repeats. If it still equals `depositRoot` here, no deposit at all has
    ///      been made since the operators checked, in particular none for `pubkey`: no block hash is needed. Any
    ///      deposit in between makes this revert with `DepositRootChanged`, and the ether stays in the vault. The root
    ///      and not only the count: after a reorganisation the same count can stand for other deposits.
    ///      All n checks are required: with t of n colluding, only the n - t honest operators can be counted on, and
    ///      n checks guarantee that every honest operator checked. Liveness is bounded by the funding deadline (at
    ///      most MAX_FUNDING_PERIOD after creation, see ClusterFactory) and `cancel`.
    /// @param pubkey the 48-byte validator key
    /// @param signature the 96-byte BLS deposit signature
    /// @param depositDataRoot the deposit data root
    /// @param depositRoot the deposit contract's root the operators signed
    /// @param checks operators()[i]'s signature over `depositCheckDigest(pubkey, depositDataRoot, depositRoot)`: a
    ///        65-byte ECDSA signature (r ‖ s ‖ v, v 27 or 28, low s) of the operator's key, or, for an operator that is
    ///        a contract, anything its ERC-1271 `isValidSignature` accepts
    function deposit(
        bytes calldata pubkey,
        bytes calldata signature,
        bytes32 depositDataRoot,
        bytes32 depositRoot,
        bytes[] calldata checks
    ) external nonReentrant inPhase(Phase.Funding) {
        if (block.timestamp > fundingDeadline) revert FundingClosed(fundingDeadline);
        if (pubkey.length != 48) revert BadLength(48, pubkey.length);
        if (signature.length != 96) revert BadLength(96, signature.length);
        uint256 funded = totalFunded();
        if (funded != DEPOSIT_AMOUNT) revert NotFullyFunded(funded);
        _requireChecks(depositCheckDigest(pubkey, depositDataRoot, depositRoot), checks);
        bytes32 current = IDepositContract(depositContract).get_deposit_root();
        if (current != depositRoot) revert DepositRootChanged(depositRoot, current);
        phase = Phase.Deposited;
        validatorPubkey = pubkey;
        depositedAt = block.timestamp;
        termEndsAt = block.timestamp + termSeconds;
        IDepositContract(depositContract).deposit{value: DEPOSIT_AMOUNT}(
            pubkey, abi.encodePacked(withdrawalCredentials()), signature, depositDataRoot
        );
        emit ValidatorDeposited(pubkey, depositDataRoot, termEndsAt);
    }

    /// @dev Reverts unless `checks` holds, in order, every operator's valid check of `digest`.
    function _requireChecks(bytes32 digest, bytes[] calldata checks) private view {
        uint256 n = _operators.length;
        if (checks.length != n) revert WrongCheckCount(n, checks.length);
        for (uint256 i = 0; i < n; i++) {
            address operator = _operators[i];
            if (!_isValidCheck(operator, digest, checks[i])) revert BadDepositCheck(operator);
        }
    }

    /// @dev Whether `check` is `operator`'s signature of `digest`: its key's 65-byte ECDSA signature (v 27/28, low s,
    ///      never the zero address), or, when `operator` has code, its ERC-1271 answer. A reverting wallet or one
    ///      that answers anything but the magic value in a 32-byte word means invalid.
    function _isValidCheck(address operator, bytes32 digest, bytes calldata check) private view returns (bool) {
        if (check.length == 65) {
            bytes32 r = bytes32(check[0:32]);
            bytes32 s = bytes32(check[32:64]);
            uint8 v = uint8(check[64]);
            if ((v == 27 || v == 28) && uint256(s) <= HALF_ORDER) {
                address signer = ecrecover(digest, v, r, s);
                if (signer != address(0) && signer == operator) return true;
            }
        }
        if (operator.code.length == 0) return false;
        (bool ok, bytes memory data) =
            operator.staticcall(abi.encodeWithSelector(IERC1271.isValidSignature.selector, digest, check));
        return ok && data.length >= 32 && abi.decode(data, (bytes32)) == bytes32(ERC1271_MAGIC_VALUE);
    }

    /// @notice After the funding deadline, if not deposited: everyone gets back what they paid (pull balances).
    ///         Ether forced into the vault outside `postBond`/`stake` is credited as `sweep` does.
    function cancel() external nonReentrant inPhase(Phase.Funding) {
        if (block.timestamp <= fundingDeadline) revert FundingOpen(fundingDeadline);
        phase = Phase.Cancelled;
        uint256 refunded = 0;
        for (uint256 i = 0; i < _operators.length; i++) {
            if (bondPosted[_operators[i]]) {
                claimable[_operators[i]] += bondPerOperator;
                refunded += bondPerOperator;
            }
        }
        for (uint256 i = 0; i < _stakers.length; i++) {
            claimable[_stakers[i]] += stakeOf[_stakers[i]];
            refunded += stakeOf[_stakers[i]];
        }
        uint256 balance = address(this).balance;
        outstanding = balance;
        if (balance > refunded) _creditPaidIn(balance - refunded);
        emit Cancelled(refunded);
    }

    /// @notice Credit ether that arrived after the cancellation (a withdrawal of a validator deposited for this
    ///         vault's key by someone else, a forced send): pro rata to what each operator and staker paid in.
    /// @dev Anyone may call it, any number of times. Nothing says who sent such ether; the most likely source is a
    ///      deposit for the vault's validator made outside the vault by its own participants, and paid-in shares are
    ///      what they agreed for the principal. Crediting only the operators would reward them for a cancellation they
    ///      can bring about by not signing. When nobody paid in, the operators share it equally.
    function sweep() external nonReentrant inPhase(Phase.Cancelled) {
        uint256 fresh = address(this).balance - outstanding;
        if (fresh == 0) revert NothingToSweep();
        outstanding += fresh;
        _creditPaidIn(fresh);
        emit Swept(fresh);
    }

    // ------------------------------------------------------------------ exit

    /// @notice An operator's vote for an early exit; t votes let anyone call `requestExit` before the term ends.
    ///         Open after a settlement too: ether sent to the vault (16 ether given away, say) can settle it while the
    ///         validator still runs, and must not stop the exit.
    function voteExit() external onlyOperator {
        if (phase != Phase.Deposited && phase != Phase.Exiting && phase != Phase.Settled) revert WrongPhase(uint8(phase));
        if (votedExit[msg.sender]) revert AlreadyVoted(msg.sender);
        votedExit[msg.sender] = true;
        exitVotes += 1;
        emit ExitVoted(msg.sender, exitVotes);
    }

    /// @notice Ask the consensus layer to fully exit the validator with an EIP-7002 request from this vault (its
    ///         withdrawal credential). Allowed to any operator or staker after the term, to anyone once t operators
    ///         voted. The fee is read from the predeploy, capped by `maxFee` and paid from `msg.value`; the excess is
    ///         refunded to the caller. Repeatable after `EXIT_REQUEST_COOLDOWN`, also after a settlement. No funds
    ///         depend on it: a chain without the predeploy (or one that refuses) only makes this revert, while
    ///         `settle` still pays out whatever comes back.
    /// @param maxFee the highest fee the caller accepts, wei
    function requestExit(uint256 maxFee) external payable nonReentrant {
        if (phase != Phase.Deposited && phase != Phase.Exiting && phase != Phase.Settled) {
            revert WrongPhase(uint8(phase));
        }
        if (exitVotes < threshold) {
            if (block.timestamp < termEndsAt) revert TermNotOver(termEndsAt);
            if (!isOperator[msg.sender] && stakeOf[msg.sender] == 0) revert NotParticipant(msg.sender);
        }
        if (lastExitRequestAt != 0 && block.timestamp < lastExitRequestAt + EXIT_REQUEST_COOLDOWN) {
            revert ExitCooldown(lastExitRequestAt + EXIT_REQUEST_COOLDOWN);
        }
        (bool ok, bytes memory data) = withdrawalRequestContract.staticcall("");
        if (!ok || data.length != 32) revert FeeReadFailed();
        uint256 fee = abi.decode(data, (uint256));
        if (fee > maxFee) revert FeeTooHigh(fee, maxFee);
        if (msg.value < fee) revert FeeNotCovered(fee, msg.value);

        if (phase == Phase.Deposited) {
            phase = Phase.Exiting;
            firstExitRequestAt = block.timestamp;
        }
        lastExitRequestAt = block.timestamp;
        exitRequestCount += 1;

        (ok,) = withdrawalRequestContract.call{value: fee}(abi.encodePacked(validatorPubkey, uint64(0)));
        if (!ok) revert ExitRequestFailed();
        uint256 excess = msg.value - fee;
        if (excess > 0) {
            (ok,) = msg.sender.call{value: excess}("");
            if (!ok) revert TransferFailed(msg.sender, excess);
        }
        emit ExitRequested(msg.sender, fee, exitRequestCount);
    }

    /// @notice Publish an operator's presigned voluntary exit (event only; the contract does not interpret it).
    function publishSignedExit(bytes calldata signedExit) external onlyOperator {
        emit SignedExitPublished(msg.sender, signedExit);
    }

    // ------------------------------------------------------------------ settlement

    /// @notice Distribute what the vault received since the deposit (or since the last settlement). The first call
    ///         needs SETTLE_MIN_BALANCE (16 ether) back, with or without an exit request, or else the grace period
    ///         over: SETTLE_GRACE after the first exit request, or after the end of the term when none was made.
    ///         Later calls distribute whatever arrived since. The split is computed on the cumulative amount (see
    ///         `split`), and both parts only grow with it, so settling in several steps gives the same result as
    ///         settling once, and settling early (a donation, rewards) never takes anything from anyone.
    function settle() external nonReentrant {
        uint256 fresh = address(this).balance - outstanding;
        if (phase == Phase.Deposited || phase == Phase.Exiting) {
            uint256 graceEndsAt = (phase == Phase.Exiting ? firstExitRequestAt : termEndsAt) + SETTLE_GRACE;
            if (fresh < SETTLE_MIN_BALANCE && block.timestamp < graceEndsAt) revert NotSettleable(fresh, graceEndsAt);
            phase = Phase.Settled;
        } else if (phase != Phase.Settled) {
            revert WrongPhase(uint8(phase));
        }
        if (fresh == 0) revert NothingToSettle();
        uint256 cumulative = totalReceived + fresh;
        (uint256 opTarget, uint256 stTarget) = split(cumulative);
        uint256 toOperators = opTarget - allocatedToOperators;
        uint256 toStakers = stTarget - allocatedToStakers;
        totalReceived = cumulative;
        allocatedToOperators = opTarget;
        allocatedToStakers = stTarget;
        outstanding += fresh;
        _creditOperators(toOperators);
        _creditStakers(toStakers);
        emit Settled(fresh, toOperators, toStakers);
    }

    /// @notice Withdraw the caller's balance.
    function claim() external nonReentrant {
        uint256 amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        claimable[msg.sender] = 0;
        outstanding -= amount;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
        emit Claimed(msg.sender, amount);
    }

    /// @dev Equal split; the remainder (< n wei) to operators[0].
    function _creditOperators(uint256 amount) private {
        if (amount == 0) return;
        uint256 n = _operators.length;
        uint256 each = amount / n;
        for (uint256 i = 0; i < n; i++) {
            claimable[_operators[i]] += each;
        }
        claimable[_operators[0]] += amount - each * n;
    }

    /// @dev Pro rata to what each operator (its bond) and staker (its stakes) paid in, rounded down; the remainder to
    ///      operators[0]. Equally to the operators when nobody paid in.
    function _creditPaidIn(uint256 amount) private {
        uint256 paidIn = totalFunded();
        if (paidIn == 0) return _creditOperators(amount);
        uint256 given = 0;
        for (uint256 i = 0; i < _operators.length; i++) {
            if (!bondPosted[_operators[i]]) continue;
            uint256 share = (amount * bondPerOperator) / paidIn;
            claimable[_operators[i]] += share;
            given += share;
        }
        for (uint256 i = 0; i < _stakers.length; i++) {
            uint256 share = (amount * stakeOf[_stakers[i]]) / paidIn;
            claimable[_stakers[i]] += share;
            given += share;
        }
        claimable[_operators[0]] += amount - given;
    }

    /// @dev Pro rata to stakes, rounded down; the remainder (< number of stakers wei) to the first staker.
    function _creditStakers(uint256 amount) private {
        if (amount == 0) return;
        uint256 given = 0;
        for (uint256 i = 0; i < _stakers.length; i++) {
            uint256 share = (amount * stakeOf[_stakers[i]]) / totalStaked;
            claimable[_stakers[i]] += share;
            given += share;
        }
        claimable[_stakers[0]] += amount - given;
    }
}
