/// The facts of a flow that conditions can test. These are the flow format's fields, not law:
/// what they must be for a given outcome is written in the policies.
public enum FieldType: Sendable, Hashable {
    case boolean
    case number
    case code(VocabularySection)
    /// A zone code; `within` tests the zone hierarchy.
    case zone
    /// An ISO 3166-1 alpha-2 country code.
    case country
    /// A scenario code declared by a list.
    case scenario
    /// A `scenario.category` code declared by a list.
    case category
    /// An entry of a classification catalog.
    case catalogEntry
    /// A set of feature codes; equality means "contains".
    case features
    /// A free label (e.g. `subjects`), compared as text.
    case text

    var name: String {
        switch self {
        case .boolean: "true or false"
        case .number: "a number of persons"
        case .code(let section): "a \(section.singular) code"
        case .zone: "a zone code"
        case .country: "a country code"
        case .scenario: "a scenario code"
        case .category: "a category code"
        case .catalogEntry: "a catalog entry"
        case .features: "a list of features"
        case .text: "a label"
        }
    }
}

public enum FieldScope: Sendable {
    case flow
    case item
}

/// The field table used by the condition reader, the validator and the compiler.
public enum Fields {
    public static let flow: [String: FieldType] = [
        "purpose": .code(.purposes),
        "scenario": .scenario,
        "exporter.ciio": .boolean,
        "exporter.sector": .code(.sectors),
        "exporter.registered-in": .zone,
        "exporter.activity-in": .zone,
        "exporter.processes": .number,
        "recipient.country": .country,
        "recipient.kind": .code(.recipientKinds),
        "recipient.registered-in": .zone,
    ]

    public static let item: [String: FieldType] = [
        "class": .code(.classes),
        "individuals": .number,
        "minors": .boolean,
        "origin": .code(.origins),
        "category": .category,
        "catalog": .catalogEntry,
        "features": .features,
        "subjects": .text,
    ]

    /// Prefixes of the counter fields: `persons.NAME`, `this-flow.NAME`, `prior.NAME`.
    public static let counterPrefixes = ["persons", "this-flow", "prior"]

    /// Words that may group fields: `exporter: {ciio: false}`.
    public static let groups = ["exporter", "recipient", "persons", "this-flow", "prior"]

    public static let connectives = ["all", "any", "not", "items", "all-items", "parameter"]

    /// Field names a condition in `scope` may use, for "did you mean".
    public static func names(in scope: FieldScope) -> [String] {
        switch scope {
        case .flow: Array(flow.keys) + groups + connectives
        case .item: Array(item.keys) + ["all", "any", "not", "parameter"]
        }
    }
}
