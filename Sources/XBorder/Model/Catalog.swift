/// A classification catalog: data a company would name, with the class the law gives it.
public struct Catalog: Sendable {
    public var id: String
    public var title: Bilingual?
    public var entries: [CatalogEntry]
    public var location: SourceLocation

    public init(id: String, title: Bilingual?, entries: [CatalogEntry], location: SourceLocation) {
        self.id = id
        self.title = title
        self.entries = entries
        self.location = location
    }
}

public struct CatalogEntry: Sendable {
    public var code: String
    public var title: Bilingual?
    public var dataClass: Reference
    public var cite: String?
    public var minors: Bool?
    public var features: [Reference]
    public var note: String?
    public var location: SourceLocation

    public init(code: String, title: Bilingual?, dataClass: Reference, cite: String?, minors: Bool?, features: [Reference], note: String?, location: SourceLocation) {
        self.code = code
        self.title = title
        self.dataClass = dataClass
        self.cite = cite
        self.minors = minors
        self.features = features
        self.note = note
        self.location = location
    }
}
