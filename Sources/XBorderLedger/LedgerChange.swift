/// What recording a decision did to the ledger, as written in the audit record's `ledger` field.
///
/// Re-running a check on the same flow must not count its persons twice, so the ledger says
/// whether it added the flow, replaced changed figures, or found them identical.
public enum LedgerChange: String, Sendable, Codable, Hashable, CaseIterable {
    /// The flow was new and its figures were added.
    case recorded
    /// The flow was already there with different figures; the new figures replaced the old.
    case updated
    /// The flow was already there with the same figures; nothing changed.
    case unchanged
    /// The decision was audited without touching the ledger (`check --audit` without `--record`).
    case notRecorded = "not-recorded"
}
