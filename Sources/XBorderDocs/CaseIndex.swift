import XBorder
import XBorderScenarios

/// The scenario cases that test each rule: a case tests a rule when the rule is among the
/// deciding rules of the decision the evaluator gives the case's flow (not merely when the case
/// names it), so a rule that no case decides shows no case.
public struct CaseIndex: Sendable {
    /// One case as the handbook lists it.
    public struct Case: Sendable, Hashable {
        public var anchor: String
        public var name: String
        public var suite: String
        /// The suite file and line, relative to the scenario folder given.
        public var file: String
        public var line: Int
        public var cite: String?
        /// The outcome the evaluator decided and the deciding rules (and lists).
        public var outcome: String
        public var rules: [String]
        public var passed: Bool
    }

    /// Suites in the order found, each with its cases.
    public var suites: [(title: String, file: String, cases: [Case])]
    public var byRule: [String: [Case]]

    public init(suites: [(title: String, file: String, cases: [Case])] = []) {
        self.suites = suites
        var byRule: [String: [Case]] = [:]
        for suite in suites {
            for scenarioCase in suite.cases {
                for rule in scenarioCase.rules { byRule[rule, default: []].append(scenarioCase) }
            }
        }
        self.byRule = byRule
    }

    public var caseCount: Int { suites.reduce(0) { $0 + $1.cases.count } }

    /// Runs the suites below `paths` through the real evaluator with the policies in `policies`
    /// and keeps, for each case decided with those policies, its deciding rules.
    public static func run(scenarios paths: [String], policies: String) -> CaseIndex {
        let result = ScenarioRunner(defaultPolicies: policies).run(paths: paths)
        var suites: [(title: String, file: String, cases: [Case])] = []
        for suite in result.suites where suite.policyDirectory == policies {
            let file = relative(suite.path, to: paths)
            var cases: [Case] = []
            for scenarioCase in suite.cases {
                guard let actual = scenarioCase.actual else { continue }
                cases.append(Case(anchor: anchor(file: file, line: scenarioCase.location.line), name: scenarioCase.name, suite: suite.title,
                                  file: file, line: scenarioCase.location.line, cite: scenarioCase.cite, outcome: actual.outcome,
                                  rules: actual.rules.map(\.id), passed: scenarioCase.status == .passed))
            }
            if !cases.isEmpty { suites.append((suite.title, file, cases)) }
        }
        return CaseIndex(suites: suites)
    }

    /// `cn/exemptions.yaml`, line 14 → `case-cn-exemptions-14`: stable while the file is.
    static func anchor(file: String, line: Int) -> String {
        var base = file
        for suffix in [".yaml", ".yml"] where base.hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        let slug = base.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return "case-\(slug)-\(line)"
    }

    static func relative(_ path: String, to roots: [String]) -> String {
        for root in roots {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        }
        return path
    }
}
