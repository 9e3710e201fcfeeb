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
}

/// @title ClusterVault
/// @notice One vault per distributed validator. The vault is the validator's withdrawal credential (0x01 or 0x02)
///         and its fee recipient, so operators never control the principal. No owner, no admin, no proxy.
/// @dev Lifecycle: Funding -> Deposited -> Exiting -> Settled, or Funding -> Cancelled. All payouts are pull
///      payments (`claim`). Rounding: operators' amounts are split equally and the remainder (< n wei) goes to
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
    /// @notice After the first exit request, `settle` is allowed after this time even if less than 16 ether is back.
    uint256 public constant SETTLE_GRACE = 60 days;
    /// @notice `settle` is allowed as soon as this much is back after an exit request.
    uint256 public constant SETTLE_MIN_BALANCE = 16 ether;

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
    /// @notice keccak256(pubkey, depositDataRoot) attested by each operator.
    mapping(address => bytes32) public attestationOf;

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
    /// @notice Emitted when an operator attests the deposit it verified.
    event DepositAttested(address indexed operator, bytes pubkey, bytes32 depositDataRoot);
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
    /// @notice An operator has not attested this pubkey and deposit data root.
    error AttestationMismatch(address operator);
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
    /// @notice Settlement needs 16 ether back or the grace period to end.
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

    /// @notice Record what this operator verified: the deposit for `pubkey` with `depositDataRoot` (signature
    ///         under the group key, credentials = this vault, 32 ether, no earlier deposit). May be replaced.
    function attestDeposit(bytes calldata pubkey, bytes32 depositDataRoot) external onlyOperator inPhase(Phase.Funding) {
        if (pubkey.length != 48) revert BadLength(48, pubkey.length);
        attestationOf[msg.sender] = keccak256(abi.encodePacked(pubkey, depositDataRoot));
        emit DepositAttested(msg.sender, pubkey, depositDataRoot);
    }

    /// @notice Make the 32 ether deposit with this vault's credentials; needs full funding and all n operators'
    ///         equal attestations. Starts the term.
    function deposit(bytes calldata pubkey, bytes calldata signature, bytes32 depositDataRoot)
        external
        nonReentrant
        inPhase(Phase.Funding)
    {
        if (pubkey.length != 48) revert BadLength(48, pubkey.length);
        if (signature.length != 96) revert BadLength(96, signature.length);
        uint256 funded = totalFunded();
        if (funded != DEPOSIT_AMOUNT) revert NotFullyFunded(funded);
        bytes32 attestation = keccak256(abi.encodePacked(pubkey, depositDataRoot));
        for (uint256 i = 0; i < _operators.length; i++) {
            if (attestationOf[_operators[i]] != attestation) revert AttestationMismatch(_operators[i]);
        }
        phase = Phase.Deposited;
        validatorPubkey = pubkey;
        depositedAt = block.timestamp;
        termEndsAt = block.timestamp + termSeconds;
        IDepositContract(depositContract).deposit{value: DEPOSIT_AMOUNT}(
            pubkey, abi.encodePacked(withdrawalCredentials()), signature, depositDataRoot
        );
        emit ValidatorDeposited(pubkey, depositDataRoot, termEndsAt);
    }

    /// @notice After the funding deadline, if not deposited: everyone gets back what they paid (pull balances).
    ///         Ether forced into the vault outside `postBond`/`stake` is split equally among the operators.
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
        if (balance > refunded) _creditOperators(balance - refunded);
        outstanding = balance;
        emit Cancelled(refunded);
    }

    // ------------------------------------------------------------------ exit

    /// @notice An operator's vote for an early exit; t votes let anyone call `requestExit` before the term ends.
    function voteExit() external onlyOperator {
        if (phase != Phase.Deposited && phase != Phase.Exiting) revert WrongPhase(uint8(phase));
        if (votedExit[msg.sender]) revert AlreadyVoted(msg.sender);
        votedExit[msg.sender] = true;
        exitVotes += 1;
        emit ExitVoted(msg.sender, exitVotes);
    }

    /// @notice Ask the consensus layer to fully exit the validator with an EIP-7002 request from this vault (its
    ///         withdrawal credential). Allowed to any operator or staker after the term, to anyone once t operators
    ///         voted. The fee is read from the predeploy, capped by `maxFee` and paid from `msg.value`; the excess is
    ///         refunded to the caller. Repeatable after `EXIT_REQUEST_COOLDOWN`.
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
    ///         needs an exit request and either 16 ether back or `SETTLE_GRACE` after the first exit request;
    ///         later calls distribute whatever arrived since. The split is computed on the cumulative amount (see
    ///         `split`), so settling in several steps gives the same result as settling once.
    function settle() external nonReentrant {
        uint256 fresh = address(this).balance - outstanding;
        if (phase == Phase.Exiting) {
            uint256 graceEndsAt = firstExitRequestAt + SETTLE_GRACE;
            if (fresh < SETTLE_MIN_BALANCE && block.timestamp < graceEndsAt) revert NotSettleable(fresh, graceEndsAt);
            phase = Phase.Settled;
        } else if (phase != Phase.Settled) {
            revert WrongPhase(uint8(phase));
        } else if (fresh == 0) {
            revert NothingToSettle();
        }
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
