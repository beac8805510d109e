import Foundation
import XBorder
import XBorderLedger

/// Joins decisions to the ledger and the audit trail for `check --record` and `check --audit`.
///
/// When the flow does not state its prior volume, the prior is read from the ledger inside the
/// same write transaction that records the decision, so two processes recording for one exporter
/// at once cannot both decide on a stale total.
struct DecisionRecorder {
    let ledger: Ledger
    let evaluator: Evaluator
    let maskNames: Bool
    /// The verified bundle the policies came from, named in every audit record.
    var bundle: VerifiedBundle? = nil

    enum Mode {
        case record
        case auditOnly
    }

    enum Failure: Error, CustomStringConvertible {
        case noExporterKey(String)
        case notDecided(String)

        var description: String {
            switch self {
            case .noExporterKey(let label):
                "\(label): error: a recorded flow needs 'exporter.id' or 'exporter.name' to key the ledger"
            case .notDecided(let label):
                "\(label): error: the flow was not decided, and nothing was recorded for it"
            }
        }
    }

    /// Decides the flow, recording it as `mode` says, and returns the report and the stored record.
    func decide(_ flow: ResolvedFlow, label: String, mode: Mode) throws -> (DecisionReport, AuditRecord) {
        let policy = evaluator.policy
        guard let exporter = flow.flow.exporter.ledgerKey else { throw Failure.noExporterKey(label) }
        let flowID = flow.flow.id ?? flow.flow.digest
        var report: DecisionReport?
        func build(_ resolved: ResolvedFlow) -> (LedgerEntry, AuditRecord) {
            let decision = evaluator.decide(resolved)
            let made = DecisionReport(decision: decision, flow: resolved, policy: policy)
            report = made
            let entry = LedgerEntry(flowID: flowID, exporter: exporter, date: resolved.flow.date.description,
                                    persons: Dictionary(uniqueKeysWithValues: made.counters.map { ($0.name, $0.use.flow) }),
                                    counted: made.counted, outcome: made.outcome)
            return (entry, audit(made, resolved, flowID: flowID, exporter: exporter))
        }
        let stored: AuditRecord
        switch mode {
        case .auditOnly:
            stored = try ledger.appendAudit(build(flow).1)
        case .record:
            if !flow.statesPrior, let window = evaluator.window(on: flow.flow.date) {
                stored = try ledger.record(exporter: exporter, window: CountingWindow(start: window.start.description, end: window.end.description),
                                           excludingFlow: flowID) { prior in
                    var withPrior = flow
                    withPrior.usePrior(fromLedger: prior, policy: policy)
                    return build(withPrior)
                }
            } else {
                let (entry, record) = build(flow)
                stored = try ledger.record(entry, audit: record)
            }
        }
        // Every path above decides before it stores; without a report nothing was stored either.
        guard let report else { throw Failure.notDecided(label) }
        return (report, stored)
    }

    private func audit(_ report: DecisionReport, _ flow: ResolvedFlow, flowID: String, exporter: String) -> AuditRecord {
        let source: AuditRecord.CounterUse.Source = switch report.priorSource {
        case .flow: .flow
        case .ledger: .ledger
        case .none: .none
        }
        var record = AuditRecord(
            flowID: flowID, flowDigest: flow.flow.digest, flow: (maskNames ? flow.flow.masked() : flow.flow).canonicalJSON(), exporter: exporter,
            policyDigest: report.policyDigest, packs: report.packs.map { AuditRecord.PackRef(id: $0.id, version: $0.version) },
            rulesDate: report.date.description, outcome: report.outcome,
            rules: report.rules.map { AuditRecord.RuleRef(id: $0.id, cite: $0.cite, outcome: $0.outcome) },
            obligations: report.obligations.map { AuditRecord.ObligationRef(id: $0.id, cite: $0.cite) },
            counters: Dictionary(uniqueKeysWithValues: report.counters.map {
                ($0.name, AuditRecord.CounterUse(prior: $0.use.prior, flow: $0.use.flow, total: $0.use.total, source: source))
            }),
            toolVersion: ToolInfo.version)
        record.bundle = bundle.map { AuditRecord.BundleRef(digest: $0.digest, signer: $0.signer.fingerprint) }
        return record
    }
}
