import Foundation
import FuzzSupport
import XBorder

/// The policy reader and compiler: a fuzzed policy document loaded, as a pack, list or catalog
/// file would be, alongside the bundled vocabulary, then validated and compiled. When it compiles,
/// one flow is decided with it, since a compiled policy is promised to be safe to evaluate.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let entries = FuzzSupport.vocabulary + [BundleEntry(path: "fuzz/document.yaml", content: FuzzSupport.bytes(data, count))]
    let result = PolicyLoader(limits: FuzzSupport.limits).load(entries: entries, origin: "fuzz")
    _ = result.renderer.render(result.diagnostics)
    if let policy = result.policy {
        let flow = """
            date: 2025-06-10
            exporter: {ciio: false}
            recipient: {country: DE}
            items:
              - {name: members, class: personal, individuals: 150000}
            """
        if let located = try? FlowReader().read(SourceFile(path: "flow.yaml", text: flow)), let resolved = try? policy.resolve(located) {
            _ = DecisionReport(decision: Evaluator(policy: policy).decide(resolved), flow: resolved, policy: policy).json.serialized(pretty: false)
        }
    }
    return 0
}

@main
enum FuzzPolicyMain {
    static func main() { FuzzSupport.run(fuzzPolicy) }
}
