import Foundation
import XBorder

/// Joins decisions to the ledger and the audit trail, for `check --record`, `check --audit`
/// and the service's recorded checks alike, whichever store holds them.
///
/// When the flow does not state its prior volume, the prior is read from the store inside the
/// same write transaction that records the decision, so two processes recording for one exporter
/// at once cannot both decide on a stale total.
public struct DecisionRecorder: Sendable {
    public let store: any LedgerStore
    public let evaluator: Evaluator
    public let maskNames: Bool
    /// The verified bundle the policies came from, named in every audit record.
    public var bundle: VerifiedBundle?
    /// The version of the tool, written to every audit record.
    public let toolVersion: String

    public init(store: any LedgerStore, evaluator: Evaluator, maskNames: Bool, bundle: VerifiedBundle? = nil, toolVersion: String) {
        self.store = store
        self.evaluator = evaluator
        self.maskNames = maskNames
        self.bundle = bundle
        self.toolVersion = toolVersion
    }

    public enum Mode: Sendable {
        case record
        case auditOnly
    }

    /// Why a flow was not recorded. Descriptions leave out the flow's location, which the
    /// caller puts in front of every recording error alike.
    public enum Failure: Error, CustomStringConvertible {
        case noExporterKey
        case idRequired

        public var description: String {
            switch self {
            case .noExporterKey:
                "a recorded flow needs 'exporter.id' or 'exporter.name' to key the ledger"
            case .idRequired:
                "'id' is required for recording: a flow without one would be keyed by its content, so two "
                    + "identical transfers would count once; give each flow an id (or use --audit alone)"
            }
        }
    }

    /// Decides the flow, recording it as `mode` says, and returns the report and the stored record.
    public func decide(_ flow: ResolvedFlow, mode: Mode) async throws -> (DecisionReport, AuditRecord) {
        let policy = evaluator.policy
        guard let exporter = flow.flow.exporter.ledgerKey else { throw Failure.noExporterKey }
        if mode == .record, flow.flow.id == nil { throw Failure.idRequired }
        // Audit-only records of flows without an id are keyed by the flow's keyed digest: the
        // plain SHA-256 of a flow could be found again by trying likely flows.
        let flowID = flow.flow.id ?? store.flowDigest(ofCanonicalFlow: flow.flow.canonicalJSON())
        let recorder = self
        @Sendable func build(_ resolved: ResolvedFlow) -> (entry: LedgerEntry, audit: AuditRecord, extra: DecisionReport) {
            let decision = recorder.evaluator.decide(resolved)
            let made = DecisionReport(decision: decision, flow: resolved, policy: policy)
            let entry = LedgerEntry(flowID: flowID, exporter: exporter, date: resolved.flow.date.description,
                                    persons: Dictionary(uniqueKeysWithValues: made.counters.map { ($0.name, $0.use.flow) }),
                                    counted: made.counted, outcome: made.outcome)
            return (entry, recorder.audit(made, resolved, flowID: flowID, exporter: exporter), made)
        }
        switch mode {
        case .auditOnly:
            let made = build(flow)
            return (made.extra, try await store.appendAudit(made.audit))
        case .record:
            if !flow.statesPrior, let window = evaluator.window(on: flow.flow.date) {
                let (stored, report) = try await store.record(
                    exporter: exporter, window: CountingWindow(start: window.start.description, end: window.end.description),
                    excludingFlow: flowID
                ) { prior in
                    var withPrior = flow
                    withPrior.usePrior(fromLedger: prior, policy: policy)
                    return build(withPrior)
                }
                return (report, stored)
            }
            let made = build(flow)
            return (made.extra, try await store.record(made.entry, audit: made.audit))
        }
    }

    private func audit(_ report: DecisionReport, _ flow: ResolvedFlow, flowID: String, exporter: String) -> AuditRecord {
        let source: AuditRecord.CounterUse.Source = switch report.priorSource {
        case .flow: .flow
        case .ledger: .ledger
        case .none: .none
        }
        // With --mask-names the record keeps no name or id in clear: the flow id and a name used
        // as the exporter key become keyed pseudonyms (so records of one flow or exporter still
        // group), a credit code is kept (it identifies a company, not a person).
        let recordedID = maskNames ? store.pseudonym(flowID) : flowID
        let recordedExporter = maskNames && flow.flow.exporter.id == nil ? store.pseudonym(exporter) : exporter
        var record = AuditRecord(
            flowID: recordedID, flowDigest: store.flowDigest(ofCanonicalFlow: flow.flow.canonicalJSON()),
            flow: (maskNames ? masked(flow.flow) : flow.flow).canonicalJSON(), masked: maskNames, exporter: recordedExporter,
            policyDigest: report.policyDigest, packs: report.packs.map { AuditRecord.PackRef(id: $0.id, version: $0.version) },
            rulesDate: report.date.description, outcome: report.outcome,
            rules: report.rules.map { AuditRecord.RuleRef(id: $0.id, cite: $0.cite, outcome: $0.outcome) },
            obligations: report.obligations.map { AuditRecord.ObligationRef(id: $0.id, cite: $0.cite) },
            counters: Dictionary(uniqueKeysWithValues: report.counters.map {
                ($0.name, AuditRecord.CounterUse(prior: $0.use.prior, flow: $0.use.flow, total: $0.use.total, source: source))
            }),
            toolVersion: toolVersion)
        record.bundle = bundle.map { AuditRecord.BundleRef(digest: $0.digest, signer: $0.signer.fingerprint) }
        return record
    }

    /// The flow as a masked record keeps it: the library's masking (names of the exporter, the
    /// recipient and the items) plus the flow id as its pseudonym and each `subjects` label as
    /// `subjects N`, numbered by first use, so items that describe the same people still do.
    private func masked(_ flow: Flow) -> Flow {
        var copy = flow.masked()
        copy.id = copy.id.map(store.pseudonym)
        var labels: [String: String] = [:]
        copy.items = copy.items.map { item in
            var item = item
            if let label = item.subjects {
                let replacement = labels[label] ?? "subjects \(labels.count + 1)"
                labels[label] = replacement
                item.subjects = replacement
            }
            return item
        }
        return copy
    }
}
