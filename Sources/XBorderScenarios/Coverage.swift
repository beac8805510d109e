import XBorder

/// Which legal units of a policy the suites exercised: a rule when it applied in some case, a
/// list when it released an item, a list scenario when a flow under it had an item released, an
/// exception when it set a rule aside. Reported in the lawyers' units (ids and citations), not
/// in lines of code.
public struct Coverage: Sendable {
    public struct Unit: Sendable, Hashable {
        public var id: String
        public var cite: String
        public var location: SourceLocation
        public var exercised: Bool
    }

    public struct ListUnit: Sendable, Hashable {
        public var unit: Unit
        /// Each scenario the list names, and whether some case reached it.
        public var scenarios: [(code: String, exercised: Bool)]

        public static func == (lhs: ListUnit, rhs: ListUnit) -> Bool {
            lhs.unit == rhs.unit && lhs.scenarios.map(\.code) == rhs.scenarios.map(\.code)
                && lhs.scenarios.map(\.exercised) == rhs.scenarios.map(\.exercised)
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(unit) }
    }

    public var directory: String
    public var rules: [Unit]
    public var lists: [ListUnit]
    /// Rules with `overrides`; exercised means it applied and set a rule aside.
    public var exceptions: [Unit]

    public init(directory: String, policy: CompiledPolicy, exercise: Exercise) {
        self.directory = directory
        rules = policy.rules.enumerated().map { number, rule in
            Unit(id: rule.id, cite: rule.cite, location: rule.location, exercised: exercise.rules.contains(Int32(number)))
        }
        lists = policy.lists.enumerated().map { number, list in
            let scenarios = policy.scenarioCodes(ofList: number).map { code in
                (code: code, exercised: exercise.listScenarios.contains(Exercise.ListScenario(list: Int32(number), scenario: code)))
            }
            return ListUnit(unit: Unit(id: list.id, cite: list.cite, location: list.location, exercised: exercise.lists.contains(Int32(number))),
                            scenarios: scenarios)
        }
        exceptions = policy.rules.enumerated().compactMap { number, rule in
            guard !rule.overriddenRules.isEmpty else { return nil }
            return Unit(id: rule.id, cite: rule.cite, location: rule.location, exercised: exercise.setAside.contains(Int32(number)))
        }
    }

    /// Rules and lists exercised, of all rules and lists.
    public var exercised: Int { rules.count { $0.exercised } + lists.count { $0.unit.exercised } }
    public var total: Int { rules.count + lists.count }

    /// Percentage of rules and lists exercised; 100 for a policy with none.
    public var percent: Double { total == 0 ? 100 : Double(exercised) * 100 / Double(total) }
}
