import XBorder

/// Everything one `xborder test` run found, for the reports to render.
public struct RunResult: Sendable {
    /// The verdict of a run, in the order of severity the exit status follows.
    public enum Verdict: String, Sendable {
        case passed
        /// At least one case failed, or no case was selected.
        case failed
        /// A suite, a case or a policy is invalid.
        case invalid
    }

    public var suites: [SuiteResult]
    /// Problems outside any suite: a path that does not exist, a policy folder that does not compile.
    public var problems: [Diagnostic]
    public var policies: [LoadedPolicy]
    /// Every file a diagnostic may quote.
    public var sources: [SourceFile]
    public var seconds: Double

    public init(suites: [SuiteResult], problems: [Diagnostic], policies: [LoadedPolicy], sources: [SourceFile], seconds: Double) {
        self.suites = suites
        self.problems = problems
        self.policies = policies
        self.sources = sources
        self.seconds = seconds
    }

    public var cases: Int { suites.reduce(0) { $0 + $1.cases.count } }
    public var passed: Int { suites.reduce(0) { $0 + $1.passed } }
    public var failed: Int { suites.reduce(0) { $0 + $1.failed } }
    public var errors: Int { suites.reduce(0) { $0 + $1.errors } }

    public var verdict: Verdict {
        if errors > 0 || problems.contains(where: { $0.severity == .error }) { return .invalid }
        if failed > 0 || cases == 0 { return .failed }
        return .passed
    }

    public var renderer: DiagnosticRenderer { DiagnosticRenderer(sources: sources) }

    /// Coverage of each policy folder that compiled, over the cases that ran against it.
    public var coverage: [Coverage] {
        policies.compactMap { loaded in
            guard let policy = loaded.policy else { return nil }
            var exercise = Exercise()
            for suite in suites where suite.policyDirectory == loaded.directory {
                for result in suite.cases { exercise.formUnion(result.exercise) }
            }
            return Coverage(directory: loaded.directory, policy: policy, exercise: exercise)
        }
    }
}
