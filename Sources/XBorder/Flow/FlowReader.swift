/// Reads a flow (YAML or JSON, one document) from its syntax tree, refusing unknown fields with a
/// "did you mean": a typo in a flow must never silently change a legal outcome.
public struct FlowReader: Sendable {
    public init() {}

    static let topKeys = ["id", "date", "exporter", "recipient", "purpose", "scenario", "items", "prior"]
    static let exporterKeys = ["id", "name", "ciio", "sector", "registered_in", "activity_in", "processes"]
    static let recipientKeys = ["name", "country", "kind", "registered_in"]
    static let itemKeys = ["name", "class", "individuals", "minors", "origin", "category", "catalog", "features", "subjects", "listed"]

    public func read(_ node: Node) throws(DiagnosticList) -> LocatedFlow {
        var reader = NodeReader()
        var locations = FlowLocations(root: node.location)
        let flow = read(node, &reader, &locations)
        let errors = reader.bag.diagnostics
        guard let flow, errors.isEmpty else {
            throw DiagnosticList(errors.isEmpty ? [Diagnostic(.typeMismatch, "not a flow", at: node.location)] : errors)
        }
        return LocatedFlow(flow: flow, locations: locations)
    }

    /// Parses and reads a flow file's text: JSON (RFC 8259, strictly) for `.json`, `.jsonl` and
    /// standard input, YAML otherwise.
    public func read(_ source: SourceFile, limits: ParseLimits = .standard) throws(DiagnosticList) -> LocatedFlow {
        let node: Node
        do {
            node = Self.isJSON(path: source.path) ? try JSONParser(limits: limits).parseDocument(source) : try YAMLParser(limits: limits).parseDocument(source)
        } catch {
            throw DiagnosticList([error])
        }
        return try read(node)
    }

    /// How standard input is named in diagnostics.
    public static let standardInputPath = "<stdin>"

    /// Whether a flow file is read as JSON: by its extension, and standard input always.
    public static func isJSON(path: String) -> Bool {
        path.hasSuffix(".json") || path.hasSuffix(".jsonl") || path == standardInputPath
    }

    private func read(_ node: Node, _ reader: inout NodeReader, _ locations: inout FlowLocations) -> Flow? {
        guard let fields = reader.mapping(node, "a flow", allowed: Self.topKeys) else { return nil }
        func note(_ path: String, _ pair: Pair?) {
            if let pair { locations.fields[path] = pair.value.location }
        }
        let date = reader.require(fields, "date", in: node, "a flow").flatMap { reader.day($0, "the transfer date") }
        note("date", fields["date"])
        var exporter: Flow.Exporter?
        if let exporterNode = reader.require(fields, "exporter", in: node, "a flow"),
           let e = reader.mapping(exporterNode, "the exporter", allowed: Self.exporterKeys) {
            let ciio = reader.require(e, "ciio", in: exporterNode, "the exporter").flatMap { reader.bool($0, "'ciio'") }
            for key in Self.exporterKeys { note("exporter.\(key)", e[key]) }
            let processes = persons(e["processes"]?.value, "'processes'", &reader)
            if let ciio {
                exporter = Flow.Exporter(id: text(e["id"], &reader), name: text(e["name"], &reader), ciio: ciio,
                                         sector: reader.code(e["sector"]?.value, "the sector"), registeredIn: reader.code(e["registered_in"]?.value, "the zone"),
                                         activityIn: reader.code(e["activity_in"]?.value, "the zone"), processes: processes)
            }
        }
        var recipient: Flow.Recipient?
        if let recipientNode = reader.require(fields, "recipient", in: node, "a flow"),
           let r = reader.mapping(recipientNode, "the recipient", allowed: Self.recipientKeys) {
            for key in Self.recipientKeys { note("recipient.\(key)", r[key]) }
            if let countryNode = reader.require(r, "country", in: recipientNode, "the recipient"), let country = reader.string(countryNode, "the country") {
                if country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    if country != country.uppercased() {
                        reader.bag.error(.invalidValue, "country '\(country)' must be written in capitals", at: countryNode.location,
                                         help: "did you mean '\(country.uppercased())'?")
                    }
                    recipient = Flow.Recipient(name: text(r["name"], &reader), country: country, kind: reader.code(r["kind"]?.value, "the recipient kind"),
                                               registeredIn: reader.code(r["registered_in"]?.value, "the zone"))
                } else {
                    reader.bag.error(.invalidValue, "'\(country)' is not an ISO 3166-1 alpha-2 country code", at: countryNode.location,
                                     help: "write two capital letters, e.g. DE, US, HK")
                }
            }
        }
        note("purpose", fields["purpose"])
        note("scenario", fields["scenario"])
        let purpose = reader.code(fields["purpose"]?.value, "the purpose")
        let scenario = reader.code(fields["scenario"]?.value, "the scenario")
        var items: [Flow.Item] = []
        if let itemsNode = reader.require(fields, "items", in: node, "a flow") {
            if let elements = itemsNode.elements {
                if elements.isEmpty {
                    reader.bag.error(.missingKey, "a flow needs at least one item", at: itemsNode.location)
                }
                for (index, element) in elements.enumerated() {
                    if let item = self.item(element, index: index, &reader, &locations) { items.append(item) }
                }
            } else {
                reader.bag.error(.typeMismatch, "expected the items as a list, found \(itemsNode.kindName)", at: itemsNode.location,
                                 help: "start each item with '- '")
            }
        }
        var prior: [String: Int]?
        if let priorPair = fields["prior"] {
            if let pairs = priorPair.value.pairs {
                var counts: [String: Int] = [:]
                for pair in pairs {
                    locations.fields["prior.\(pair.key)"] = pair.keyLocation
                    if let n = persons(pair.value, "'prior.\(pair.key)'", &reader) { counts[pair.key] = n }
                }
                prior = counts
            } else {
                reader.bag.error(.typeMismatch, "expected 'prior' as a mapping such as '{personal: 90000, sensitive: 0}', found \(priorPair.value.kindName)",
                                 at: priorPair.value.location)
            }
        }
        guard let date, let exporter, let recipient else { return nil }
        return Flow(id: text(fields["id"], &reader), date: date, exporter: exporter, recipient: recipient, purpose: purpose, scenario: scenario,
                    items: items, prior: prior)
    }

    private func item(_ node: Node, index: Int, _ reader: inout NodeReader, _ locations: inout FlowLocations) -> Flow.Item? {
        guard let f = reader.mapping(node, "an item", allowed: Self.itemKeys) else { return nil }
        let base = "items.\(index)"
        locations.fields[base] = node.location
        for key in Self.itemKeys { if let pair = f[key] { locations.fields["\(base).\(key)"] = pair.value.location } }
        let name = reader.require(f, "name", in: node, "an item").flatMap { reader.string($0, "the item name") }
        let individuals = persons(f["individuals"]?.value, "'individuals'", &reader)
        checkPrintable(name, f["name"]?.value, "the item name", &reader)
        if f["class"] == nil, f["catalog"] == nil {
            reader.bag.error(.missingKey, "item '\(name ?? "#\(index + 1)")' needs 'class' or 'catalog'", at: node.location,
                             help: "classes: general, personal, sensitive-personal, important, core")
        }
        var features: [String]?
        if let pair = f["features"] { features = reader.references(pair.value, "feature").map(\.name) }
        guard let name else { return nil }
        return Flow.Item(name: name, dataClass: reader.code(f["class"]?.value, "the class"), individuals: individuals,
                         minors: reader.bool(f["minors"]?.value, "'minors'"), origin: reader.code(f["origin"]?.value, "the origin"),
                         category: reader.code(f["category"]?.value, "the category"), catalog: reader.code(f["catalog"]?.value, "the catalog entry"),
                         features: features, subjects: text(f["subjects"], &reader), listed: reader.bool(f["listed"]?.value, "'listed'"))
    }

    private func text(_ pair: Pair?, _ reader: inout NodeReader) -> String? {
        guard let pair else { return nil }
        let value = reader.string(pair.value, "'\(pair.key)'")
        checkPrintable(value, pair.value, "'\(pair.key)'", &reader)
        return value
    }
}
