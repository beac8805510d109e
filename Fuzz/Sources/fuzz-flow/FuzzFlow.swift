import Foundation
import FuzzSupport
import XBorder

/// The flow reader on YAML, JSON and JSON Lines text, then what `check` does with a flow that
/// reads: resolution against the bundled policies, the decision and its JSON report.
///
/// The first byte picks the input kind, so one corpus holds all three.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlow(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let data, count > 0, let text = FuzzSupport.text(data + 1, count - 1) else { return 0 }
    let policy = FuzzSupport.policy
    switch data.pointee % 3 {
    case 0: decide(SourceFile(path: "fuzz.yaml", text: text), policy)
    case 1: decide(SourceFile(path: "fuzz.json", text: text), policy)
    default:
        // JSON Lines as `check` reads them: each line on its own, located in the whole file.
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            decide(SourceFile(path: "fuzz.jsonl", text: String(line), lineOffset: lineNumber - 1), policy)
        }
    }
    return 0
}

private func decide(_ source: SourceFile, _ policy: CompiledPolicy) {
    do {
        let flow = try FlowReader().read(source, limits: FuzzSupport.limits)
        let resolved = try policy.resolve(flow)
        let report = DecisionReport(decision: Evaluator(policy: policy).decide(resolved), flow: resolved, policy: policy)
        _ = report.json.serialized(pretty: false)
        _ = report.text(color: false)
    } catch {
        _ = DiagnosticRenderer(sources: [source]).render(error.diagnostics)
    }
}

@main
enum FuzzFlowMain {
    static func main() { FuzzSupport.run(fuzzFlow) }
}
