/// The result of walking the audit chain and comparing the ledger with it: every break found,
/// in the order met.
public struct AuditVerification: Sendable, Equatable, CustomStringConvertible {
    /// How a record breaks the chain.
    public enum ProblemKind: String, Sendable, Equatable, Hashable, CaseIterable {
        /// Its contents no longer match its hash, or its columns no longer match its contents.
        case altered
        /// One or more records before it (or at the end of the chain) are missing.
        case removed
        /// It does not follow the record before it, or repeats one: something was put in.
        case inserted
        /// It sits at a different position than the one it was written at.
        case reordered
        /// Its stored text cannot be read as a record at all.
        case unreadable
        /// A ledger row (or a total) disagrees with what the chain recorded.
        case ledger
        /// The chain no longer holds the head a signed checkpoint vouches for.
        case checkpoint
    }

    /// One break.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Sequence number of the first record affected; 0 when no record is (a ledger row
        /// that no record put there).
        public var sequence: Int64
        public var kind: ProblemKind
        /// Why, in words.
        public var reason: String

        public init(sequence: Int64, kind: ProblemKind, reason: String) {
            self.sequence = sequence
            self.kind = kind
            self.reason = reason
        }

        public var description: String {
            sequence > 0 ? "record \(sequence) \(kind.rawValue): \(reason)" : "\(kind.rawValue): \(reason)"
        }
    }

    /// Records read (all of them: verification does not stop at a break).
    public var checked: Int
    /// Sequence of the last record, 0 when the trail is empty.
    public var lastSequence: Int64
    /// Hash of the last record; a signed checkpoint of it (`xborder audit checkpoint`) lets a
    /// later verify detect a rewritten chain or a cut-off tail.
    public var lastHash: String
    /// Every break, in chain order, then the ledger's disagreements, then the checkpoint's.
    public var problems: [Problem]

    public init(checked: Int, lastSequence: Int64, lastHash: String, problems: [Problem]) {
        self.checked = checked
        self.lastSequence = lastSequence
        self.lastHash = lastHash
        self.problems = problems
    }

    /// The first break, or nil when the chain is intact.
    public var problem: Problem? { problems.first }

    /// True when every record is intact and in place and the ledger agrees with the chain.
    public var isIntact: Bool { problems.isEmpty }

    public var description: String {
        if let problem {
            return "audit chain broken at \(problem)" + (problems.count > 1 ? " (and \(problems.count - 1) more)" : "")
        }
        if checked == 0 {
            return "audit chain intact: no records"
        }
        return "audit chain intact: \(checked) records, last \(lastSequence) \(lastHash)"
    }
}
