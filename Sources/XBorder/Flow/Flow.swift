/// A planned transfer in the public flow format (`flow-format.md`), as the company wrote it.
public struct Flow: Sendable, Codable, Equatable {
    public var id: String?
    public var date: Day
    public var exporter: Exporter
    public var recipient: Recipient
    public var purpose: String?
    public var scenario: String?
    public var items: [Item]
    /// Persons already exported in the counting window, by counter; nil when the flow does not say.
    public var prior: [String: Int]?

    public struct Exporter: Sendable, Codable, Equatable {
        public var id: String?
        public var name: String?
        public var ciio: Bool
        public var sector: String?
        public var registeredIn: String?
        public var activityIn: String?
        /// Persons whose personal information the exporter processes in all (SAM Art. 4 before 2024).
        public var processes: Int?

        public init(id: String? = nil, name: String? = nil, ciio: Bool, sector: String? = nil, registeredIn: String? = nil,
                    activityIn: String? = nil, processes: Int? = nil) {
            self.id = id
            self.name = name
            self.ciio = ciio
            self.sector = sector
            self.registeredIn = registeredIn
            self.activityIn = activityIn
            self.processes = processes
        }

        /// The ledger key: the unified social credit code, else the name.
        public var ledgerKey: String? { id ?? name }

        enum CodingKeys: String, CodingKey {
            case id, name, ciio, sector, processes
            case registeredIn = "registered_in"
            case activityIn = "activity_in"
        }
    }

    public struct Recipient: Sendable, Codable, Equatable {
        public var name: String?
        public var country: String
        public var kind: String?
        public var registeredIn: String?

        public init(name: String? = nil, country: String, kind: String? = nil, registeredIn: String? = nil) {
            self.name = name
            self.country = country
            self.kind = kind
            self.registeredIn = registeredIn
        }

        enum CodingKeys: String, CodingKey {
            case name, country, kind
            case registeredIn = "registered_in"
        }
    }

    public struct Item: Sendable, Codable, Equatable {
        public var name: String
        public var dataClass: String?
        public var individuals: Int?
        public var minors: Bool?
        public var origin: String?
        public var category: String?
        public var catalog: String?
        public var features: [String]?
        /// Items with the same label describe the same people and are counted once.
        public var subjects: String?
        /// For a negative-list scenario: whether the item is on the list (nil: not stated, so not released).
        public var listed: Bool?

        public init(name: String, dataClass: String? = nil, individuals: Int? = nil, minors: Bool? = nil, origin: String? = nil,
                    category: String? = nil, catalog: String? = nil, features: [String]? = nil, subjects: String? = nil, listed: Bool? = nil) {
            self.name = name
            self.dataClass = dataClass
            self.individuals = individuals
            self.minors = minors
            self.origin = origin
            self.category = category
            self.catalog = catalog
            self.features = features
            self.subjects = subjects
            self.listed = listed
        }

        enum CodingKeys: String, CodingKey {
            case name, individuals, minors, origin, category, catalog, features, subjects, listed
            case dataClass = "class"
        }
    }

    public init(id: String? = nil, date: Day, exporter: Exporter, recipient: Recipient, purpose: String? = nil, scenario: String? = nil,
                items: [Item], prior: [String: Int]? = nil) {
        self.id = id
        self.date = date
        self.exporter = exporter
        self.recipient = recipient
        self.purpose = purpose
        self.scenario = scenario
        self.items = items
        self.prior = prior
    }
}
