import XBorder
import XBorderScenarios

/// A flow to decide under both sets, read once: the same facts go to both, so a difference in
/// the answer is a difference of the policies.
struct FlowToCompare: Sendable {
    /// The flow's own id, else where it was read (`inventory.jsonl:12`, `suite.yaml:40`).
    var id: String
    /// Where it was read.
    var at: String
    /// The scenario case's name, for flows of a suite.
    var name: String?
    var flow: Result<LocatedFlow, DiagnosticList>
}

/// What one set made of one flow: its decision, or why it refused the flow.
enum DiffSide: Sendable, Equatable {
    case decided(ConcreteDecision)
    case refused(code: String, message: String)

    var outcome: String? {
        if case .decided(let decision) = self { return decision.outcome }
        return nil
    }

    var rules: [String] {
        if case .decided(let decision) = self { return decision.deciding }
        return []
    }

    var obligations: [String] {
        if case .decided(let decision) = self { return decision.obligations }
        return []
    }

    /// The same decision as the contract reports it: outcome, deciding rules, obligations (as sets,
    /// since a reordering of the text is no change of the law), or the same refusal.
    func decidesAlike(_ other: DiffSide) -> Bool {
        switch (self, other) {
        case (.decided(let a), .decided(let b)):
            a.outcome == b.outcome && Set(a.deciding) == Set(b.deciding) && Set(a.obligations) == Set(b.obligations)
        case (.refused(let a, _), .refused(let b, _)): a == b
        default: false
        }
    }
}

/// One flow that the two sets decide differently.
public struct ChangedFlow: Sendable {
    public var id: String
    public var at: String
    public var name: String?
    /// How many items the flow has (a proof covers flows of up to so many).
    public var items: Int
    var before: DiffSide
    var after: DiffSide

    /// What moved: `outcome`, `rules`, `obligations`, `refused`.
    public var moved: [String] {
        guard case .decided(let a) = before, case .decided(let b) = after else { return ["refused"] }
        var result: [String] = []
        if a.outcome != b.outcome { result.append("outcome") }
        if Set(a.deciding) != Set(b.deciding) { result.append("rules") }
        if Set(a.obligations) != Set(b.obligations) { result.append("obligations") }
        return result
    }

    /// The rules and lists a reader looks at for this flow: those that entered or left the
    /// deciding ones, else (the same rules, another outcome or obligations) the deciding ones.
    public var involved: [String] {
        let a = before.rules, b = after.rules
        let moved = a.filter { !b.contains($0) } + b.filter { !a.contains($0) }
        if !moved.isEmpty { return moved }
        return a + b.filter { !a.contains($0) }
    }
}

/// Re-decides flows under the old and the new policy set and keeps those decided differently.
struct FlowComparison {
    let before: CompiledPolicy
    let after: CompiledPolicy

    func compare(_ flows: [FlowToCompare]) -> (changed: [ChangedFlow], decided: Int) {
        let results = Parallel.map(flows) { [before, after] flow -> ChangedFlow? in
            let x = Self.side(flow.flow, before), y = Self.side(flow.flow, after)
            return x.decidesAlike(y) ? nil : ChangedFlow(id: flow.id, at: flow.at, name: flow.name,
                                                                   items: (try? flow.flow.get())?.flow.items.count ?? 0, before: x, after: y)
        }
        return (results.compactMap { $0 }, flows.count)
    }

    private static func side(_ flow: Result<LocatedFlow, DiagnosticList>, _ policy: CompiledPolicy) -> DiffSide {
        do {
            let resolved = try policy.resolve(try flow.get())
            return .decided(ConcreteDecision(Evaluator(policy: policy).decide(resolved), policy: policy))
        } catch {
            let first = error.diagnostics.first
            return .refused(code: first?.code.rawValue ?? "invalid", message: first?.message ?? "the flow is refused")
        }
    }
}

/// Where the flows of a comparison come from: every case of the scenario suites, or flow files.
enum DiffFlows {
    /// Every case of the suites below `directory` that has a flow, with the suite's defaults.
    static func scenarioCases(_ directory: String) -> (flows: [FlowToCompare], problems: [Diagnostic]) {
        let found = SuiteDiscovery().find([directory])
        var flows: [FlowToCompare] = []
        var problems = found.problems
        for path in found.files {
            var reader = SuiteReader()
            reader.root = SuiteReader.root(for: path, among: [directory])
            let suite = reader.read(path: path)
            problems += suite.diagnostics.filter { $0.severity == .error }
            for scenarioCase in suite.cases {
                guard let node = scenarioCase.flow else { continue }
                let at = "\(scenarioCase.location.path):\(scenarioCase.location.line)"
                let flow: Result<LocatedFlow, DiagnosticList>
                do { flow = .success(try FlowReader().read(node)) } catch { flow = .failure(error) }
                flows.append(FlowToCompare(id: at, at: at, name: scenarioCase.name, flow: flow))
            }
        }
        return (flows, problems)
    }

    /// The flows of files, folders and JSON Lines inventories, as `xborder check` reads them,
    /// handed on in chunks (read on every core) so that an inventory of any size is compared
    /// with a bounded number of flows in memory.
    static func files(_ paths: [String], chunk: Int = 8192, _ body: ([FlowToCompare]) -> Void) {
        var entries: [FlowInput.Entry] = []
        func flush() {
            body(Parallel.map(entries) { entry in
                let flow = entry.flow
                let own = (try? flow.get())?.flow.id
                return FlowToCompare(id: own ?? entry.label, at: entry.label, name: nil, flow: flow)
            })
            entries.removeAll(keepingCapacity: true)
        }
        FlowInput().forEach(paths) { entry in
            entries.append(entry)
            if entries.count >= chunk { flush() }
        }
        if !entries.isEmpty { flush() }
    }
}
