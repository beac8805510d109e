/// A vocabulary document: the codes a policy set speaks in. Several may add to each other.
public struct Vocabulary: Sendable {
    public var id: String
    public var title: Bilingual?
    public var sections: [VocabularySection: [CodeEntry]]
    /// The outcome decided when no rule decides a flow, so that gaps in a pack fail closed.
    public var fallback: (code: String, location: SourceLocation)?
    /// What a flow means when it leaves out a field: `purpose`, `recipient-kind`, `zone`, `origin`.
    public var defaults: [String: (code: String, location: SourceLocation)]
    public var location: SourceLocation

    public init(id: String, title: Bilingual?, sections: [VocabularySection: [CodeEntry]], fallback: (code: String, location: SourceLocation)?,
                defaults: [String: (code: String, location: SourceLocation)], location: SourceLocation) {
        self.id = id
        self.title = title
        self.sections = sections
        self.fallback = fallback
        self.defaults = defaults
        self.location = location
    }

    /// The default keys a vocabulary may set, and the section each one's code belongs to.
    public static let defaultKeys: [String: VocabularySection] = [
        "purpose": .purposes, "recipient-kind": .recipientKinds, "zone": .zones, "origin": .origins,
    ]
}
