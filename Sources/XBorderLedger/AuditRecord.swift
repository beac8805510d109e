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
    /// The record layout this tool writes and knows how to verify.
    public static let currentVersion = 1
    /// `previousHash` of the first record: there is nothing before it to point at.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Layout version of this record (``currentVersion`` when written by this tool).
    public var version: Int
    /// Position in the chain, from 1; assigned by the ledger when the record is stored.
    public var sequence: Int64
    /// Unique id of this decision (a UUID); assigned by the ledger when left empty.
    public var decisionID: String
    /// When the decision was recorded, ISO 8601 UTC; assigned by the ledger when left empty.
    public var recordedAt: String
    /// The flow's own id (the ledger's idempotency key).
    public var flowID: String
    /// `sha256:…` of the flow as checked, so the flow can be matched later without storing it.
    public var flowDigest: String
    /// The flow as JSON, possibly masked; nil when the caller chose not to keep it.
    public var flow: String?
    /// Ledger key of the exporter.
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
    /// Version of the tool that decided.
    public var toolVersion: String
    /// `hash` of the record before this one, or ``genesisHash`` for the first.
    public var previousHash: String
    /// `sha256:` + hex SHA-256 of the canonical JSON of this record with `hash` empty.
    public var hash: String

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
        sequence: Int64 = 0,
        decisionID: String = "",
        recordedAt: String = "",
        flowID: String,
        flowDigest: String,
        flow: String? = nil,
        exporter: String,
        policyDigest: String,
        packs: [PackRef] = [],
        rulesDate: String,
        outcome: String,
        rules: [RuleRef] = [],
        obligations: [ObligationRef] = [],
        counters: [String: CounterUse] = [:],
        ledger: LedgerChange = .notRecorded,
        toolVersion: String,
        previousHash: String = "",
        hash: String = ""
    ) {
        self.version = version
        self.sequence = sequence
        self.decisionID = decisionID
        self.recordedAt = recordedAt
        self.flowID = flowID
        self.flowDigest = flowDigest
        self.flow = flow
        self.exporter = exporter
        self.policyDigest = policyDigest
        self.packs = packs
        self.rulesDate = rulesDate
        self.outcome = outcome
        self.rules = rules
        self.obligations = obligations
        self.counters = counters
        self.ledger = ledger
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

    /// The canonical JSON of this record (sorted keys, no whitespace), exactly as stored.
    ///
    /// One fixed encoding is what lets anyone recompute the hash from the stored text.
    public func canonicalJSON() throws -> String {
        String(decoding: try Self.canonicalData(of: self), as: UTF8.self)
    }

    /// The hash this record should carry: `sha256:` + hex SHA-256 over the canonical JSON of
    /// the record with `hash` emptied (and `previousHash` as it is).
    public func computedHash() throws -> String {
        var unsealed = self
        unsealed.hash = ""
        let digest = SHA256.hash(data: try Self.canonicalData(of: unsealed))
        return "sha256:" + digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Decodes one stored record, so verification and queries read records the same way.
    static func decode(canonical text: String) throws -> AuditRecord {
        try JSONDecoder().decode(AuditRecord.self, from: Data(text.utf8))
    }

    private static func canonicalData(of record: AuditRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(record)
    }
}
