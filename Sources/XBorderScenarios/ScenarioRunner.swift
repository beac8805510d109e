import Foundation
import XBorder

/// Runs scenario suites: finds them, compiles each policy folder once, and decides every
/// selected case in parallel. Returns results; printing and exit statuses are the caller's.
public struct ScenarioRunner: Sendable {
    /// The policy folder of suites that do not name one.
    public var defaultPolicies: String
    /// Keeps the cases whose name, suite title or a tag contains this text (ignoring case).
    public var filter: String?
    public var limits: ParseLimits
    /// Policies already loaded (a verified bundle): used for the suites whose policy folder is
    /// one of their `directory` names instead of loading that folder from disk.
    public var preloaded: [LoadedPolicy] = []

    public init(defaultPolicies: String, filter: String? = nil, limits: ParseLimits = .standard) {
        self.defaultPolicies = defaultPolicies
        self.filter = filter
        self.limits = limits
    }

    /// Finds the suites below `paths` (files or folders) and runs them.
    public func run(paths: [String]) -> RunResult {
        let started = ContinuousClock.now
        let found = SuiteDiscovery().find(paths)
        let reader = SuiteReader(limits: limits)
        let suites = Parallel.map(found.files) { path in
            var reader = reader
            reader.root = SuiteReader.root(for: path, among: paths)
            return reader.read(path: path)
        }
        var result = run(suites: suites)
        result.problems = found.problems + result.problems
        result.seconds = Self.seconds(since: started)
        return result
    }

    /// Runs suites already read.
    public func run(suites: [ScenarioSuite]) -> RunResult {
        let started = ContinuousClock.now
        var folders: [String] = []
        for suite in suites where !suite.isInvalid {
            let folder = suite.policies ?? defaultPolicies
            if !folders.contains(folder) { folders.append(folder) }
        }
        let limits = self.limits
        let given = preloaded.filter { folders.contains($0.directory) }
        let policies = given + Parallel.map(folders.filter { folder in !given.contains { $0.directory == folder } }) {
            LoadedPolicy(directory: $0, limits: limits)
        }
        var byFolder: [String: LoadedPolicy] = [:]
        for loaded in policies { byFolder[loaded.directory] = loaded }
        let frozen = byFolder
        let results = Parallel.map(suites) { suite in run(suite, policy: frozen[suite.policies ?? defaultPolicies]) }

        var problems: [Diagnostic] = []
        var sources = suites.flatMap(\.sources)
        for loaded in policies where loaded.policy == nil {
            problems.append(contentsOf: loaded.diagnostics)
            sources.append(contentsOf: loaded.sources)
        }
        return RunResult(suites: results.filter { !$0.cases.isEmpty || $0.isInvalid }, problems: problems, policies: policies,
                         sources: sources, seconds: Self.seconds(since: started))
    }

    /// Whether a case is selected by `filter`.
    public func selects(_ scenarioCase: ScenarioCase, in suite: ScenarioSuite) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        let candidates = [scenarioCase.name, suite.title] + scenarioCase.tags + suite.tags
        return candidates.contains { $0.localizedCaseInsensitiveContains(filter) }
    }

    func run(_ suite: ScenarioSuite, policy loaded: LoadedPolicy?) -> SuiteResult {
        let started = ContinuousClock.now
        let folder = suite.policies ?? defaultPolicies
        var result = SuiteResult(path: suite.path, title: suite.title, tags: suite.tags, policyDirectory: folder, diagnostics: suite.diagnostics)
        guard !suite.isInvalid else { return result }
        guard let loaded, let policy = loaded.policy, let index = loaded.index else {
            let count = loaded?.diagnostics.count ?? 0
            result.diagnostics.append(Diagnostic(.unreadable, "the policies in '\(folder)' have \(count) error(s)",
                                                 at: SourceLocation(path: suite.path, line: 1, column: 1),
                                                 help: "run 'xborder validate \(folder)'"))
            return result
        }
        let evaluator = Evaluator(policy: policy)
        for scenarioCase in suite.cases where selects(scenarioCase, in: suite) {
            result.cases.append(run(scenarioCase, evaluator: evaluator, index: index))
        }
        result.seconds = Self.seconds(since: started)
        return result
    }

    func run(_ scenarioCase: ScenarioCase, evaluator: Evaluator, index: PolicyIndex) -> CaseResult {
        let started = ContinuousClock.now
        var result = decide(scenarioCase, evaluator: evaluator, index: index)
        result.seconds = Self.seconds(since: started)
        return result
    }

    private func decide(_ scenarioCase: ScenarioCase, evaluator: Evaluator, index: PolicyIndex) -> CaseResult {
        var result = CaseResult(name: scenarioCase.name, cite: scenarioCase.cite, tags: scenarioCase.tags, location: scenarioCase.location,
                                status: .error, diagnostics: scenarioCase.diagnostics, expectation: scenarioCase.expectation)
        guard !scenarioCase.isInvalid, let node = scenarioCase.flow, let expectation = scenarioCase.expectation else { return result }
        let policy = evaluator.policy
        let resolved: ResolvedFlow
        do {
            resolved = try policy.resolve(try FlowReader().read(node))
        } catch {
            if let refused = expectation.refused {
                // The case expects this refusal: any other error is still a broken case.
                if error.diagnostics.contains(where: { $0.code.rawValue == refused.text }) {
                    result.status = .passed
                    return result
                }
            }
            result.diagnostics.append(contentsOf: error.diagnostics)
            return result
        }
        let decision = evaluator.decide(resolved)
        let actual = ActualDecision(DecisionReport(decision: decision, flow: resolved, policy: policy))
        result.actual = actual
        result.exercise = Self.exercise(decision, flow: resolved.flow, policy: policy)
        let undefined = index.check(expectation)
        if !undefined.isEmpty {
            result.diagnostics.append(contentsOf: undefined)
            return result
        }
        result.mismatches = CaseCheck.mismatches(expectation, actual)
        result.status = result.mismatches.isEmpty ? .passed : .failed
        return result
    }

    static func exercise(_ decision: Decision, flow: Flow, policy: CompiledPolicy) -> Exercise {
        var exercise = Exercise()
        exercise.rules = Set(decision.applied)
        for (_, list) in decision.released {
            exercise.lists.insert(list)
            if let scenario = flow.scenario { exercise.listScenarios.insert(Exercise.ListScenario(list: list, scenario: scenario)) }
        }
        for (_, by) in decision.overridden { exercise.setAside.insert(by) }
        return exercise
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
