/// A rule of law: when its condition holds on a flow in force on the flow's date, it contributes
/// its outcome and obligations, and sets aside the rules it overrides.
public struct Rule: Sendable {
    public var id: Reference
    public var cite: String
    /// The citation as Chinese text cites it, when the author writes it out (else rendered from `cite`).
    public var citeZH: String?
    public var title: Bilingual?
    public var period: Period
    public var when: Condition?
    public var then: Reference?
    public var obligations: [Reference]
    public var overrides: [Reference]
    public var overridesFinal: Bool
    public var exemption: Bool
    public var because: Explanation?
    public var note: String?
    public var pack: String
    public var location: SourceLocation

    public init(id: Reference, cite: String, title: Bilingual?, period: Period, when: Condition?, then: Reference?, obligations: [Reference],
                overrides: [Reference], overridesFinal: Bool, exemption: Bool, because: Explanation?, note: String?, pack: String, location: SourceLocation) {
        self.id = id
        self.cite = cite
        self.title = title
        self.period = period
        self.when = when
        self.then = then
        self.obligations = obligations
        self.overrides = overrides
        self.overridesFinal = overridesFinal
        self.exemption = exemption
        self.because = because
        self.note = note
        self.pack = pack
        self.location = location
    }
}

/// A code or id named somewhere, with where it was named, so an undefined one can be pointed at.
public struct Reference: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var location: SourceLocation

    public init(_ name: String, at location: SourceLocation) {
        self.name = name
        self.location = location
    }

    public static func == (lhs: Reference, rhs: Reference) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    public var description: String { name }
}
