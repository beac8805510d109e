/// One code of a vocabulary section (an outcome, a class, a zone…) with its labels.
public struct CodeEntry: Sendable, Hashable {
    public var code: String
    public var label: Bilingual
    /// For zones: the zone this one lies inside.
    public var inside: String?
    /// For outcomes: exceptions cannot lift it (prohibited).
    public var isFinal: Bool
    public var location: SourceLocation

    public init(code: String, label: Bilingual, inside: String? = nil, isFinal: Bool = false, location: SourceLocation) {
        self.code = code
        self.label = label
        self.inside = inside
        self.isFinal = isFinal
        self.location = location
    }
}

/// The sections of a vocabulary. Their codes are what flows may say.
public enum VocabularySection: String, Sendable, CaseIterable, Hashable {
    case outcomes
    case classes
    case zones
    case purposes
    case sectors
    case recipientKinds = "recipient-kinds"
    case origins
    case features

    /// The word used in messages: "unknown purpose 'x'".
    public var singular: String {
        switch self {
        case .outcomes: "outcome"
        case .classes: "data class"
        case .zones: "zone"
        case .purposes: "purpose"
        case .sectors: "sector"
        case .recipientKinds: "recipient kind"
        case .origins: "origin"
        case .features: "feature"
        }
    }
}
