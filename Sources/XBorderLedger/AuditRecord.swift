import Crypto
import Foundation

/// One decision as the audit trail keeps it: enough to show later what was decided, under which
/// rules and figures, and to prove the trail has not been edited since.
///
/// Records are chained: each carries the hash of the one before it, so altering, removing,
/// inserting or reordering any record breaks the chain at that point (see
/// ``Ledger/verifyAudit()``). The type is versioned so that a later tool can still read and
/// verify records written by this one.
public struct AuditRecord: Codable, Sendable, Equatable {
    /// The record layout this tool writes and knows how to verify. Version 2 hashes RFC 8785
    /// canonical JSON and binds the ledger to the chain through ``transfer``.
    public static let currentVersion = 2
    /// `previousHash` of the first record: there is nothing before it to point at.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Layout version of this record (``currentVersion`` when written by this tool).
    public var version: Int
    /// Whether the record is a decision or a transfer imported from history.
    public var kind: Kind
    /// Position in the chain, from 1; assigned by the ledger when the record is stored.
    public var sequence: Int64
    /// Unique id of this decision (a UUID); assigned by the ledger when left empty.
    public var decisionID: String
    /// When the decision was recorded, ISO 8601 UTC; assigned by the ledger when left empty.
    public var recordedAt: String
    /// The flow's own id (the ledger's idempotency key).
    public var flowID: String
    /// `hmac-sha256:…` of the flow as checked, keyed with the database's secret (see
    /// ``Ledger/flowDigest(ofCanonicalFlow:)``): it matches the flow to a copy kept elsewhere
    /// by whoever holds the database, but cannot be brute-forced from the record alone. Empty
    /// for imported transfers.
    public var flowDigest: String
    /// The flow as canonical JSON, possibly masked; nil when the caller chose not to keep it.
    public var flow: String?
    /// True when names and identifiers were masked before the record was stored
    /// (`check --mask-names`): `flowID`, a name-keyed `exporter` and `flow` hold pseudonyms.
    public var masked: Bool
    /// Ledger key of the exporter, or its pseudonym when ``masked`` and it is a name.
    public var exporter: String
    /// `sha256:…` of the policy set the decision was made under.
    public var policyDigest: String
    /// The packs (instruments) that were loaded.
    public var packs: [PackRef]
    /// The flow date the rules were taken at (`yyyy-MM-dd`).
    public var rulesDate: String
    /// The outcome code decided.
    public var outcome: String
    /// The rules that fired.
    public var rules: [RuleRef]
    /// The obligations that apply.
    public var obligations: [ObligationRef]
    /// Counter name → the figures the decision used.
    public var counters: [String: CounterUse]
    /// What recording did to the ledger; set by the ledger when it records.
    public var ledger: LedgerChange
    /// The ledger's row for this flow as this record left it; set by the ledger when it
    /// records, nil when the ledger was not touched. Verification replays these to recompute
    /// every volume and compares them with the ledger's rows.
    public var transfer: Transfer?
    /// For imported transfers, the `path:line` they came from.
    public var source: String?
    /// Version of the tool that decided.
    public var toolVersion: String
    /// `hash` of the record before this one, or ``genesisHash`` for the first.
    public var previousHash: String
    /// `sha256:` + hex SHA-256 of the canonical JSON of this record with `hash` empty.
    public var hash: String

    /// What a record is.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// A decision made by `check --record` or `check --audit`.
        case decision
        /// A past transfer put into the ledger by `ledger import`.
        case `import`
    }

    /// A ledger row as the chain knows it. Keys are keyed pseudonyms
    /// (``Ledger/pseudonym(_:)``), whatever the masking, so the chain binds the ledger in one
    /// way for masked and clear records alike.
    public struct Transfer: Codable, Sendable, Equatable, Hashable {
        /// Pseudonym of the flow id (the ledger's primary key).
        public var key: String
        /// Pseudonym of the exporter's ledger key.
        public var exporterKey: String
        /// Transfer date, `yyyy-MM-dd`.
        public var date: String
        /// Whether the transfer counts towards totals.
        public var counted: Bool
        /// Counter name → persons.
        public var persons: [String: Int]

        public init(key: String, exporterKey: String, date: String, counted: Bool, persons: [String: Int]) {
            self.key = key
            self.exporterKey = exporterKey
            self.date = date
            self.counted = counted
            self.persons = persons
        }
    }

    /// An instrument that was loaded, by id and (when it has one) version.
    public struct PackRef: Codable, Sendable, Equatable, Hashable {
        public var id: String
        public var version: String?
        public init(id: String, version: String? = nil) {
            self.id = id
            self.version = version
        }
    }

    /// A rule that fired, with its citation and the outcome it gave (if any).
    public struct RuleRef: Codable, Sendable, Equatable, Hashable {
        public var id: String
        public var cite: String
        public var outcome: String?
        public init(id: String, cite: String, outcome: String? = nil) {
            self.id = id
            self.cite = cite
            self.outcome = outcome
        }
    }

    /// An obligation that applies, with its citation.
    public struct ObligationRef: Codable, Sendable, Equatable, Hashable {
        public var id: String
        public var cite: String
        public init(id: String, cite: String) {
            self.id = id
            self.cite = cite
        }
    }

    /// The figures one counter contributed to the decision: what the exporter had already
    /// exported in the window, what this flow adds, and the total the rules compared.
    public struct CounterUse: Codable, Sendable, Equatable, Hashable {
        /// Where `prior` came from.
        public enum Source: String, Codable, Sendable, Hashable, CaseIterable {
            /// The flow itself declared its prior volume.
            case flow
            /// The ledger summed earlier recorded transfers.
            case ledger
            /// No prior volume was available; zero was used.
            case none
        }

        public var prior: Int
        public var flow: Int
        public var total: Int
        public var source: Source

        public init(prior: Int, flow: Int, total: Int, source: Source) {
            self.prior = prior
            self.flow = flow
            self.total = total
            self.source = source
        }
    }

    /// Builds a record for the ledger to store. Leave `sequence`, `previousHash` and `hash` at
    /// their defaults: the ledger fills them in inside the same transaction that appends the
    /// record, which is what makes the chain safe against concurrent writers.
    public init(
        version: Int = AuditRecord.currentVersion,
        kind: Kind = .decision,
        sequence: Int64 = 0,
        decisionID: String = "",
        recordedAt: String = "",
        flowID: String,
        flowDigest: String,
        flow: String? = nil,
        masked: Bool = false,
        exporter: String,
        policyDigest: String,
        packs: [PackRef] = [],
        rulesDate: String,
        outcome: String,
        rules: [RuleRef] = [],
        obligations: [ObligationRef] = [],
        counters: [String: CounterUse] = [:],
        ledger: LedgerChange = .notRecorded,
        transfer: Transfer? = nil,
        source: String? = nil,
        toolVersion: String,
        previousHash: String = "",
        hash: String = ""
    ) {
        self.version = version
        self.kind = kind
        self.sequence = sequence
        self.decisionID = decisionID
        self.recordedAt = recordedAt
        self.flowID = flowID
        self.flowDigest = flowDigest
        self.flow = flow
        self.masked = masked
        self.exporter = exporter
        self.policyDigest = policyDigest
        self.packs = packs
        self.rulesDate = rulesDate
        self.outcome = outcome
        self.rules = rules
        self.obligations = obligations
        self.counters = counters
        self.ledger = ledger
        self.transfer = transfer
        self.source = source
        self.toolVersion = toolVersion
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The signed policy bundle the policies came from, when they came from one; absent
    /// otherwise, so records made from a folder encode, and hash, as they always did.
    public var bundle: BundleRef?

    /// A signed policy bundle: its digest (the manifest digest) and the signer's key fingerprint.
    public struct BundleRef: Codable, Sendable, Equatable, Hashable {
        public var digest: String
        public var signer: String
        public init(digest: String, signer: String) {
            self.digest = digest
            self.signer = signer
        }
    }
}
