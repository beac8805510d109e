/// The names a policy document declares, read from its syntax tree alone: parameters, counters,
/// obligations, rules, rule sets and reclassifications of a pack; the codes of a vocabulary; a
/// list's id, scenarios and categories; a catalog's entries.
///
/// When a document, or an element of one, cannot be read, the other files still name what it
/// declares; knowing the names lets the loader say that "no parameter named 'x'" elsewhere follows
/// from the error that dropped 'x', rather than report it as a problem of its own.
enum DeclaredNames {
    struct Name: Sendable {
        var name: String
        /// Where the declaration starts (the key, or the rule's list element).
        var location: SourceLocation
        /// The pack section it comes from (`parameters`, `rules`, …); nil for other documents.
        var section: String?
    }

    static func of(_ node: Node) -> [Name] {
        guard let pairs = node.pairs, let first = pairs.first else { return [] }
        func value(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }
        func keys(_ node: Node?, section: String?, prefix: String = "") -> [Name] {
            (node?.pairs ?? []).map { Name(name: prefix + $0.key, location: $0.keyLocation, section: section) }
        }
        func ids(_ node: Node?, section: String) -> [Name] {
            (node?.elements ?? []).compactMap { element in
                guard let id = element.pairs?.first(where: { $0.key == "id" })?.value.scalar?.text else { return nil }
                return Name(name: id, location: element.location, section: section)
            }
        }
        switch first.key {
        case "pack":
            return keys(value("parameters"), section: "parameters") + keys(value("counters"), section: "counters")
                + keys(value("obligations"), section: "obligations") + ids(value("rules"), section: "rules")
                + keys(value("rule-sets"), section: "rule-sets") + ids(value("reclassify"), section: "reclassify")
        case "vocabulary":
            return VocabularySection.allCases.flatMap { keys(value($0.rawValue), section: nil) } + keys(value("instruments"), section: nil)
        case "list":
            var names: [Name] = []
            if let id = first.value.scalar?.text { names.append(Name(name: id, location: first.keyLocation, section: nil)) }
            for scenario in value("scenarios")?.pairs ?? [] {
                names.append(Name(name: scenario.key, location: scenario.keyLocation, section: nil))
                let categories = scenario.value.pairs?.first { $0.key == "categories" }?.value
                names += keys(categories, section: nil, prefix: scenario.key + ".")
            }
            return names
        case "catalog":
            return keys(value("entries"), section: nil)
        default:
            return []
        }
    }
}
