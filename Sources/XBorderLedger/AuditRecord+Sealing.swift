import Foundation

extension AuditRecord {
    /// The record as a store appends it: checked, its id and time filled in when empty, and
    /// chained after the last record.
    ///
    /// `afterSequence` must be the highest sequence the store ever issued, not just the highest
    /// present, so that a record removed from the end is never silently replaced by a new one;
    /// `previousHash` is the hash of the last record present (the genesis hash for none). The
    /// caller holds the store's write lock, so no other writer can take the same sequence.
    public func sealed(afterSequence: Int64, previousHash: String, now: String) throws -> AuditRecord {
        guard version == AuditRecord.currentVersion else {
            throw LedgerError.invalidAudit("version \(version) is not \(AuditRecord.currentVersion)")
        }
        guard !flowID.isEmpty, !exporter.isEmpty else {
            throw LedgerError.invalidAudit("flow id and exporter must not be empty")
        }
        let (next, overflow) = afterSequence.addingReportingOverflow(1)
        guard !overflow else { throw LedgerError.invalidAudit("the audit trail has no sequence number left") }
        var record = self
        if record.decisionID.isEmpty { record.decisionID = UUID().uuidString.lowercased() }
        if record.recordedAt.isEmpty { record.recordedAt = now }
        record.sequence = next
        record.previousHash = previousHash
        record.hash = try record.computedHash()
        return record
    }

    /// Refuses a record that names another flow or exporter than its entry (in clear, or as
    /// their pseudonyms when the record is masked).
    public func check(belongsTo entry: LedgerEntry, pseudonym: (String) -> String) throws(LedgerError) {
        guard flowID == entry.flowID || (masked && flowID == pseudonym(entry.flowID)) else {
            throw .invalidAudit("its flow id \(flowID) differs from the entry's \(entry.flowID)")
        }
        guard exporter == entry.exporter || (masked && exporter == pseudonym(entry.exporter)) else {
            throw .invalidAudit("its exporter \(exporter) differs from the entry's \(entry.exporter)")
        }
    }
}

extension LedgerEntry {
    /// What storing this entry over the row already kept for its flow id does: recording the
    /// same figures again changes nothing, so a flow re-checked is never counted twice.
    public func change(from existing: LedgerEntry?) -> LedgerChange {
        guard let existing else { return .recorded }
        return existing == self ? .unchanged : .updated
    }

    /// Refuses an import over a row a decision wrote with other figures: an import never
    /// changes a decided transfer. `origin` is the stored row's (`decision` or `import`).
    public func checkImport(over existing: LedgerEntry?, origin: String?, path: String, line: Int) throws(LedgerError) {
        guard let existing, existing != self, origin == Ledger.Origin.decision.rawValue else { return }
        throw .malformedImport(
            path: path, line: line,
            reason: "flow \(flowID) was recorded by a decision with other figures; "
                + "an import never changes a decided transfer (decide the flow again with "
                + "'xborder check --record' to correct it)")
    }
}
