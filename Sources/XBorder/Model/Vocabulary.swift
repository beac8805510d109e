/// A vocabulary document: the codes a policy set speaks in. Several may add to each other.
public struct Vocabulary: Sendable {
    public var id: String
    public var title: Bilingual?
    public var sections: [VocabularySection: [CodeEntry]]
    /// The outcome decided when no rule decides a flow, so that gaps in a pack fail closed.
    public var fallback: (code: String, location: SourceLocation)?
    /// What a flow means when it leaves out a field: `purpose`, `recipient-kind`, `zone`, `origin`.
    public var defaults: [String: (code: String, location: SourceLocation)]
    /// The first day whose law the policy set encodes. A flow dated earlier is refused: deciding it
    /// would assert rules, or their absence, that the policy never wrote down.
    public var coverage: Coverage?
    /// How each instrument is cited: the English short name (`PIPL`) and the Chinese name
    /// (个人信息保护法), so that Chinese explanations cite in Chinese.
    public var instruments: [CodeEntry] = []
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

    /// Where the law a policy set encodes begins, and why there.
    public struct Coverage: Sendable {
        public var from: Day
        public var cite: String
        public var note: String?
        public var location: SourceLocation

        public init(from: Day, cite: String, note: String?, location: SourceLocation) {
            self.from = from
            self.cite = cite
            self.note = note
            self.location = location
        }
    }

    /// The default keys a vocabulary may set, and the section each one's code belongs to.
    public static let defaultKeys: [String: VocabularySection] = [
        "purpose": .purposes, "recipient-kind": .recipientKinds, "zone": .zones, "origin": .origins,
    ]
}
