/// A zone list: a negative list (what is listed stays regulated, the rest is released) or a
/// scenario-based general data list (what is listed is released).
public struct DataList: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case generalData = "general-data"
        case negative
    }

    public var id: Reference
    public var kind: Kind
    public var title: Bilingual
    public var cite: String
    /// The citation in Chinese; by default the list's Chinese title in book-title marks.
    public var citeZH: String?
    public var instrument: String?
    public var issuer: String?
    public var source: String?
    public var period: Period
    public var status: String?
    public var eligible: Condition?
    public var appliesTo: Condition?
    public var unless: Condition?
    public var outcome: Reference
    public var exemption: Bool
    public var obligations: [Reference]
    /// Obligations due whenever an eligible exporter exports in one of the list's scenarios,
    /// whether or not the list releases anything (the Shanghai report within 15 business days).
    public var scenarioObligations: [Reference] = []
    /// What the list's authors say of its state (e.g. that its entries are not public).
    public var note: String?
    /// Lint warnings the authors accept, each with the reason from the law.
    public var acknowledgements: [Acknowledgement] = []
    public var scenarios: [ListScenario]
    public var because: Explanation?
    public var location: SourceLocation

    public init(id: Reference, kind: Kind, title: Bilingual, cite: String, instrument: String?, issuer: String?, source: String?, period: Period,
                status: String?, eligible: Condition?, appliesTo: Condition?, unless: Condition?, outcome: Reference, exemption: Bool,
                obligations: [Reference], scenarios: [ListScenario], because: Explanation?, location: SourceLocation) {
        self.id = id
        self.kind = kind
        self.title = title
        self.cite = cite
        self.instrument = instrument
        self.issuer = issuer
        self.source = source
        self.period = period
        self.status = status
        self.eligible = eligible
        self.appliesTo = appliesTo
        self.unless = unless
        self.outcome = outcome
        self.exemption = exemption
        self.obligations = obligations
        self.scenarios = scenarios
        self.because = because
        self.location = location
    }
}

/// A scenario of a list and the data categories listed under it.
public struct ListScenario: Sendable {
    public var code: String
    public var title: Bilingual
    public var sector: Reference?
    public var categories: [CodeEntry]
    /// What the list says of some of its entries beyond their name: a class it designates, or the
    /// mechanism it requires and from what threshold.
    public var entries: [ListEntry] = []
    public var location: SourceLocation

    public init(code: String, title: Bilingual, sector: Reference?, categories: [CodeEntry], location: SourceLocation) {
        self.code = code
        self.title = title
        self.sector = sector
        self.categories = categories
        self.location = location
    }
}

/// An entry of a negative list as the law writes it: the data item, the class the list gives it
/// (Shanghai's lists designate some items as important data) and the mechanism the list names
/// for it, from a threshold that may be higher than the national one.
public struct ListEntry: Sendable {
    /// The category code under its scenario (`policyholder-contacts`).
    public var code: String
    public var cite: String
    public var citeZH: String?
    /// The class the list designates the item as; never lowers a stricter class.
    public var designates: Reference?
    /// The mechanism the entry requires; with it, the item leaves the national rules.
    public var then: Reference?
    /// When the mechanism is required (an item condition, e.g. `individuals: {at-least: PARAMETER}`);
    /// below it the item is released like data off the list. Nil: always.
    public var when: Condition?
    public var obligations: [Reference]
    public var location: SourceLocation

    public init(code: String, cite: String, citeZH: String?, designates: Reference?, then: Reference?, when: Condition?, obligations: [Reference],
                location: SourceLocation) {
        self.code = code
        self.cite = cite
        self.citeZH = citeZH
        self.designates = designates
        self.then = then
        self.when = when
        self.obligations = obligations
        self.location = location
    }
}
