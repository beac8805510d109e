import Foundation
import FuzzSupport
import XBorder
import XBorderLedger

/// `check --record` on a fuzzed flow: read, decided and recorded into a fresh temporary ledger
/// (prior from the ledger when the flow states none, as the command does), recorded a second
/// time (which must not count it twice), and the audit chain verified afterwards.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecord(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let text = FuzzSupport.text(data, count) else { return 0 }
    let policy = FuzzSupport.policy
    guard let located = try? FlowReader().read(SourceFile(path: "fuzz.yaml", text: text), limits: FuzzSupport.limits),
          let resolved = try? policy.resolve(located), let exporter = resolved.flow.exporter.ledgerKey else { return 0 }
    let folder = scratch.appendingPathComponent("xborder-fuzz-record-\(getpid())")
    let path = folder.appendingPathComponent("ledger.db").path
    try? FileManager.default.removeItem(at: folder)
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
        let ledger = try Ledger(path: path)
        let recorder = Recorder(ledger: ledger, evaluator: Evaluator(policy: policy), exporter: exporter)
        try recorder.record(resolved)
        try recorder.record(resolved)
        let verification = try ledger.verifyAudit()
        precondition(verification.isIntact, "the audit chain of a fresh ledger does not verify: \(verification)")
    } catch {
        // A refusal (an invalid entry, a date outside every window) is an answer, not a crash.
        _ = "\(error)"
    }
    return 0
}

/// Memory-backed when the machine has it: a fresh SQLite file per input is the target's main cost.
private let scratch: URL = FileManager.default.isWritableFile(atPath: "/dev/shm")
    ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory

/// What the command's recorder does, through the ledger's public API.
private struct Recorder {
    let ledger: Ledger
    let evaluator: Evaluator
    let exporter: String

    func record(_ flow: ResolvedFlow) throws {
        let policy = evaluator.policy
        let flowID = flow.flow.id ?? flow.flow.digest
        func build(_ resolved: ResolvedFlow) -> (LedgerEntry, AuditRecord) {
            let report = DecisionReport(decision: evaluator.decide(resolved), flow: resolved, policy: policy)
            let entry = LedgerEntry(flowID: flowID, exporter: exporter, date: resolved.flow.date.description,
                                    persons: Dictionary(report.counters.map { ($0.name, $0.use.flow) }, uniquingKeysWith: max),
                                    counted: report.counted, outcome: report.outcome)
            let audit = AuditRecord(flowID: flowID, flowDigest: resolved.flow.digest, flow: resolved.flow.canonicalJSON(), exporter: exporter,
                                    policyDigest: report.policyDigest, rulesDate: report.date.description, outcome: report.outcome,
                                    counters: Dictionary(report.counters.map {
                                        ($0.name, AuditRecord.CounterUse(prior: $0.use.prior, flow: $0.use.flow, total: $0.use.total, source: .flow))
                                    }, uniquingKeysWith: { first, _ in first }),
                                    toolVersion: "fuzz")
            return (entry, audit)
        }
        if !flow.statesPrior, let window = evaluator.window(on: flow.flow.date) {
            try ledger.record(exporter: exporter, window: CountingWindow(start: window.start.description, end: window.end.description),
                              excludingFlow: flowID) { prior in
                var withPrior = flow
                withPrior.usePrior(fromLedger: prior, policy: policy)
                return build(withPrior)
            }
        } else {
            let (entry, audit) = build(flow)
            try ledger.record(entry, audit: audit)
        }
    }
}

@main
enum FuzzRecordMain {
    static func main() { FuzzSupport.run(fuzzRecord) }
}
