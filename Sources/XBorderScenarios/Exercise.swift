/// The legal units one decision reached, for coverage: rules that applied, lists that released
/// an item (and under which scenario), exceptions that set a rule aside.
public struct Exercise: Sendable, Hashable {
    public var rules: Set<Int32> = []
    public var lists: Set<Int32> = []
    /// `(list number, scenario code)` pairs.
    public var listScenarios: Set<ListScenario> = []
    /// Exceptions (rules with `overrides`) that actually set a rule aside.
    public var setAside: Set<Int32> = []

    public struct ListScenario: Sendable, Hashable {
        public var list: Int32
        public var scenario: String
    }

    public init() {}

    public mutating func formUnion(_ other: Exercise) {
        rules.formUnion(other.rules)
        lists.formUnion(other.lists)
        listScenarios.formUnion(other.listScenarios)
        setAside.formUnion(other.setAside)
    }
}
