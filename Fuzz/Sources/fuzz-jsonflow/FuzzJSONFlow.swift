import FuzzSupport
import XBorder

/// The two readers of a JSON flow, on the same bytes: `FlowDecoder`, the fast one that `check`
/// uses for every line of an inventory, and the located one (`JSONParser`, then `FlowReader`)
/// that it falls back to. They must agree: a flow the fast reader returns is the flow the located
/// reader returns, and is decided the same; bytes the located reader refuses the fast one gives up
/// on. A disagreement traps, so that libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONFlow(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: data == nil ? 0 : count)
    let located = locatedFlow(bytes)
    guard let fast = FlowDecoder.decode(bytes) else { return 0 }
    guard let located else {
        fatalError("the fast reader returned a flow that the located reader refuses: \(fast)")
    }
    guard located.flow == fast else {
        fatalError("the two readers read different flows:\n fast:    \(fast)\n located: \(located.flow)")
    }
    // As `check` does with a flow the fast reader returned: resolved with its line as its place.
    let policy = FuzzSupport.policy
    let root = SourceLocation(path: path, line: 1, column: 1)
    let fastAnswer = answer(LocatedFlow(flow: fast, locations: FlowLocations(root: root)), policy)
    let locatedAnswer = answer(located, policy)
    guard fastAnswer == locatedAnswer else {
        fatalError("the two readers' flows are decided differently:\n fast:    \(fastAnswer)\n located: \(locatedAnswer)")
    }
    return 0
}

private let path = "fuzz.jsonl"

/// The flow as the located path reads it (standard limits, as `check` reads an inventory's line),
/// or nil when it refuses the bytes.
private func locatedFlow(_ bytes: UnsafeBufferPointer<UInt8>) -> LocatedFlow? {
    let node: Node
    do {
        node = try JSONParser().parseDocument(bytes, path: path)
    } catch {
        return nil
    }
    do {
        return try FlowReader().read(node)
    } catch {
        return nil
    }
}

/// The decision's JSON report, or the codes of the resolution's diagnostics in the order of their
/// code: a flow the fast reader returned is located at its line only, so its diagnostics come in
/// another order (and `check` reads such a flow again the located way).
private func answer(_ flow: LocatedFlow, _ policy: CompiledPolicy) -> String {
    do {
        let resolved = try policy.resolve(flow)
        let decision = Evaluator(policy: policy).decide(resolved)
        return DecisionReport(decision: decision, flow: resolved, policy: policy).json.serialized(pretty: false)
    } catch {
        return "unresolved: " + error.diagnostics.map(\.code.rawValue).sorted().joined(separator: ",")
    }
}

@main
enum FuzzJSONFlowMain {
    static func main() { FuzzSupport.run(fuzzJSONFlow) }
}
