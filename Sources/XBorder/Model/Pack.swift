/// One instrument of law as a policy file: its header, parameters, counters, obligations, rules.
public struct Pack: Sendable {
    public var id: String
    public var version: String?
    public var title: Bilingual
    public var instrument: String?
    public var issuer: String?
    public var source: String?
    public var published: Day?
    public var period: Period
    public var status: String?
    public var parameters: [Parameter]
    public var counters: [Counter]
    public var counting: Counting?
    public var reclassifications: [Reclassification]
    public var obligations: [Obligation]
    public var rules: [Rule]
    /// Named groups of rule ids that `overrides` may name instead of listing every rule.
    public var ruleSets: [RuleSet] = []
    /// Lint warnings the authors accept, each with the reason from the law.
    public var acknowledgements: [Acknowledgement] = []
    public var location: SourceLocation

    public init(id: String, version: String?, title: Bilingual, instrument: String?, issuer: String?, source: String?, published: Day?, period: Period,
                status: String?, parameters: [Parameter], counters: [Counter], counting: Counting?, reclassifications: [Reclassification],
                obligations: [Obligation], rules: [Rule], location: SourceLocation) {
        self.id = id
        self.version = version
        self.title = title
        self.instrument = instrument
        self.issuer = issuer
        self.source = source
        self.published = published
        self.period = period
        self.status = status
        self.parameters = parameters
        self.counters = counters
        self.counting = counting
        self.reclassifications = reclassifications
        self.obligations = obligations
        self.rules = rules
        self.location = location
    }
}

/// A named group of rules, so that the exemptions that set aside "the mechanisms" can say so once.
public struct RuleSet: Sendable {
    public var name: Reference
    public var rules: [Reference]

    public init(name: Reference, rules: [Reference]) {
        self.name = name
        self.rules = rules
    }
}

/// A yearly total the law counts in natural persons, and which items count toward it.
public struct Counter: Sendable {
    public var name: String
    public var title: Bilingual?
    public var counts: Condition
    public var location: SourceLocation

    public init(name: String, title: Bilingual?, counts: Condition, location: SourceLocation) {
        self.name = name
        self.title = title
        self.counts = counts
        self.location = location
    }
}

/// How the yearly totals are kept: the window and whether exempted transfers count, both as
/// parameters because both changed with the law and one is an open question.
public struct Counting: Sendable {
    public var window: Reference
    public var exemptedTransfersCount: Reference?
    public var location: SourceLocation

    public init(window: Reference, exemptedTransfersCount: Reference?, location: SourceLocation) {
        self.window = window
        self.exemptedTransfersCount = exemptedTransfersCount
        self.location = location
    }
}

/// A rule of law that changes an item's class before anything else is decided.
public struct Reclassification: Sendable {
    public var id: Reference
    public var cite: String
    public var period: Period
    public var when: Condition
    public var toClass: Reference
    public var location: SourceLocation

    public init(id: Reference, cite: String, period: Period, when: Condition, toClass: Reference, location: SourceLocation) {
        self.id = id
        self.cite = cite
        self.period = period
        self.when = when
        self.toClass = toClass
        self.location = location
    }
}

/// Something the exporter must still do, declared once and named by rules and lists.
public struct Obligation: Sendable {
    public var id: Reference
    public var cite: String
    public var citeZH: String?
    public var title: Bilingual
    public var note: String?
    public var location: SourceLocation

    public init(id: Reference, cite: String, title: Bilingual, note: String?, location: SourceLocation) {
        self.id = id
        self.cite = cite
        self.title = title
        self.note = note
        self.location = location
    }
}
