/// The result of walking the audit chain: how far it is intact and, when it is not, the first
/// record that breaks it.
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
    }

    /// The first break in the chain.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Sequence number of the first record affected.
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
            "record \(sequence) \(kind.rawValue): \(reason)"
        }
    }

    /// Records checked before stopping (all of them when the chain is intact).
    public var checked: Int
    /// Sequence of the last record checked, 0 when the trail is empty.
    public var lastSequence: Int64
    /// Hash of the last record checked; writing it down elsewhere lets a later verify also
    /// detect records removed from the end.
    public var lastHash: String
    /// The first break, or nil when the chain is intact.
    public var problem: Problem?

    public init(checked: Int, lastSequence: Int64, lastHash: String, problem: Problem?) {
        self.checked = checked
        self.lastSequence = lastSequence
        self.lastHash = lastHash
        self.problem = problem
    }

    /// True when every record is intact and in place.
    public var isIntact: Bool { problem == nil }

    public var description: String {
        if let problem {
            return "audit chain broken at \(problem)"
        }
        if checked == 0 {
            return "audit chain intact: no records"
        }
        return "audit chain intact: \(checked) records, last \(lastSequence) \(lastHash)"
    }
}
