/// Reads policy documents from syntax trees into the model. Shape problems (unknown keys, wrong
/// types, missing citations) are reported here; references between documents are checked later,
/// when every document has been read.
public struct PolicyReader: Sendable {
    public var reader = NodeReader()

    public init() {}

    static let kinds = ["vocabulary", "pack", "list", "catalog"]

    public mutating func read(_ node: Node) -> PolicyDocument? {
        guard let first = node.pairs?.first else {
            reader.bag.error(.typeMismatch, "expected a policy document as a mapping, found \(node.kindName)", at: node.location,
                             help: "start the file with 'pack:', 'vocabulary:', 'list:' or 'catalog:'")
            return nil
        }
        switch first.key {
        case "vocabulary": return vocabulary(node).map(PolicyDocument.vocabulary)
        case "pack": return pack(node).map(PolicyDocument.pack)
        case "list": return list(node).map(PolicyDocument.list)
        case "catalog": return catalog(node).map(PolicyDocument.catalog)
        default:
            reader.bag.error(.unknownKey, "a policy file starts with 'pack:', 'vocabulary:', 'list:' or 'catalog:', not '\(first.key)'",
                             at: first.keyLocation, help: Suggestion.help(for: first.key, among: Self.kinds))
            return nil
        }
    }

    // MARK: vocabulary

    mutating func vocabulary(_ node: Node) -> Vocabulary? {
        let sectionKeys = VocabularySection.allCases.map(\.rawValue)
        guard let fields = reader.mapping(node, "a vocabulary", allowed: ["vocabulary", "title", "source", "notes", "status", "fallback", "defaults", "coverage", "instruments"] + sectionKeys) else { return nil }
        guard let id = reader.code(fields["vocabulary"]?.value, "the vocabulary id") else { return nil }
        var sections: [VocabularySection: [CodeEntry]] = [:]
        for section in VocabularySection.allCases {
            guard let pair = fields[section.rawValue] else { continue }
            sections[section] = codeEntries(pair.value, section: section)
        }
        var fallback: (String, SourceLocation)?
        if let pair = fields["fallback"], let code = reader.code(pair.value, "the fallback outcome") {
            fallback = (code, pair.value.location)
        }
        var defaults: [String: (code: String, location: SourceLocation)] = [:]
        if let pair = fields["defaults"], let entries = reader.mapping(pair.value, "the defaults", allowed: Array(Vocabulary.defaultKeys.keys)) {
            for (key, entry) in entries {
                if let code = reader.code(entry.value, "the default \(key)") { defaults[key] = (code, entry.value.location) }
            }
        }
        var vocabulary = Vocabulary(id: id, title: reader.bilingual(fields["title"]?.value, "the title"), sections: sections, fallback: fallback,
                                    defaults: defaults, location: node.location)
        if let pair = fields["instruments"] { vocabulary.instruments = codeEntries(pair.value, section: nil) }
        if let pair = fields["coverage"], let coverage = reader.mapping(pair.value, "the coverage", allowed: ["from", "cite", "note"]) {
            let from = reader.require(coverage, "from", in: pair.value, "the coverage").flatMap { reader.day($0, "the first day covered") }
            let cite = reader.cite(coverage, in: pair.value, "the coverage")
            if let from, let cite {
                vocabulary.coverage = Vocabulary.Coverage(from: from, cite: cite, note: coverage["note"]?.value.scalar?.text, location: pair.value.location)
            }
        }
        return vocabulary
    }

    mutating func codeEntries(_ node: Node, section: VocabularySection?) -> [CodeEntry] {
        guard let pairs = node.pairs else {
            reader.bag.error(.typeMismatch, "expected codes as a mapping of code to labels, found \(node.kindName)", at: node.location,
                             help: "write e.g. 'code: {zh: 中文, en: English}'")
            return []
        }
        var allowed = ["zh", "en", "note"]
        if section == .zones { allowed.append("inside") }
        if section == .outcomes { allowed.append("final") }
        return pairs.compactMap { pair in
            guard let fields = reader.mapping(pair.value, "the labels of '\(pair.key)'", allowed: allowed) else { return nil }
            let zh = reader.require(fields, "zh", in: pair.value, "'\(pair.key)'").flatMap { reader.string($0, "the Chinese label") }
            let en = reader.require(fields, "en", in: pair.value, "'\(pair.key)'").flatMap { reader.string($0, "the English label") }
            guard let zh, let en else { return nil }
            return CodeEntry(code: pair.key, label: Bilingual(zh: zh, en: en), inside: reader.code(fields["inside"]?.value, "the enclosing zone"),
                             isFinal: reader.bool(fields["final"]?.value, "'final'") ?? false, location: pair.keyLocation)
        }
    }

    // MARK: pack

    static let packKeys = ["pack", "version", "title", "instrument", "issuer", "source", "published", "in-force", "in-force-through", "status",
                           "notes", "parameters", "counters", "counting", "reclassify", "obligations", "rules", "rule-sets", "acknowledged"]

    mutating func pack(_ node: Node) -> Pack? {
        guard let fields = reader.mapping(node, "a pack", allowed: Self.packKeys) else { return nil }
        guard let id = reader.code(fields["pack"]?.value, "the pack id") else { return nil }
        let title = reader.require(fields, "title", in: node, "a pack").flatMap { reader.bilingual($0, "the title") }
        let period = reader.period(fields)
        status(fields)
        var pack = Pack(id: id, version: reader.string(fields["version"]?.value, "the version"), title: title ?? Bilingual(zh: id, en: id),
                        instrument: reader.string(fields["instrument"]?.value, "the instrument"), issuer: reader.string(fields["issuer"]?.value, "the issuer"),
                        source: reader.string(fields["source"]?.value, "the source"), published: reader.day(fields["published"]?.value, "'published'"),
                        period: period, status: fields["status"]?.value.scalar?.text, parameters: [], counters: [], counting: nil,
                        reclassifications: [], obligations: [], rules: [], location: node.location)
        if let pair = fields["parameters"] { pack.parameters = parameters(pair.value) }
        if let pair = fields["counters"] { pack.counters = counters(pair.value) }
        if let pair = fields["counting"] { pack.counting = counting(pair.value) }
        if let pair = fields["reclassify"] { pack.reclassifications = sequence(pair.value, "reclassifications") { $0.reclassification($1, period: period) } }
        if let pair = fields["obligations"] { pack.obligations = obligations(pair.value) }
        if let pair = fields["rules"] { pack.rules = sequence(pair.value, "rules") { $0.rule($1, pack: id, period: period) } }
        if let pair = fields["rule-sets"] {
            if let pairs = pair.value.pairs {
                pack.ruleSets = pairs.map { RuleSet(name: Reference($0.key, at: $0.keyLocation), rules: reader.references($0.value, "rule id")) }
            } else {
                reader.bag.error(.typeMismatch, "expected rule sets as a mapping of name to rule ids, found \(pair.value.kindName)", at: pair.value.location)
            }
        }
        if let pair = fields["acknowledged"] { pack.acknowledgements = sequence(pair.value, "acknowledgements") { $0.acknowledgement($1) } }
        return pack
    }

    /// `{finding: CODE, rules: [ids], reason: TEXT, cite: …}`: a lint warning accepted, with why.
    mutating func acknowledgement(_ node: Node) -> Acknowledgement? {
        guard let fields = reader.mapping(node, "an acknowledgement", allowed: ["finding", "rules", "reason", "cite"]) else { return nil }
        let finding = reader.reference(reader.require(fields, "finding", in: node, "an acknowledgement"), "the finding code")
        if let finding, !Acknowledgement.acknowledgeableFindings.contains(finding.name) {
            reader.bag.error(.invalidValue, "'\(finding.name)' is not a finding that can be acknowledged", at: finding.location,
                             help: Suggestion.help(for: finding.name, among: Acknowledgement.acknowledgeableFindings)
                                 ?? "only warnings can be acknowledged: \(Acknowledgement.acknowledgeableFindings.joined(separator: ", "))")
        }
        let ids = reader.references(reader.require(fields, "rules", in: node, "an acknowledgement"), "rule id")
        if fields["rules"] != nil, ids.isEmpty {
            reader.bag.error(.missingKey, "an acknowledgement needs the ids of the rules or lists its finding names", at: node.location)
        }
        var reason: String?
        if let pair = fields["reason"] {
            reason = reader.string(pair.value, "the reason")
            if let text = reason, text.trimmingCharacters(in: .whitespaces).isEmpty {
                reader.bag.error(.missingKey, "an acknowledgement needs a reason from the law, not an empty one", at: pair.value.location)
                reason = nil
            }
        } else {
            reader.bag.error(.missingKey, "an acknowledgement needs 'reason': why the law means what the finding says", at: node.location,
                             help: "e.g. 'reason: Provisions Art. 3 sets the two rules side by side; the stricter applies'")
        }
        guard let finding, let reason, !ids.isEmpty else { return nil }
        return Acknowledgement(finding: finding, ids: ids, reason: reason, cite: reader.string(fields["cite"]?.value, "the citation"), location: node.location)
    }

    mutating func status(_ fields: [String: Pair]) {
        guard let node = fields["status"]?.value, let text = reader.string(node, "the status") else { return }
        let known = ["confirmed", "reported", "open"]
        if !known.contains(text) {
            reader.bag.error(.invalidValue, "unknown status '\(text)'", at: node.location, help: Suggestion.help(for: text, among: known))
        }
    }

    mutating func sequence<T>(_ node: Node, _ what: String, _ read: (inout PolicyReader, Node) -> T?) -> [T] {
        guard let elements = node.elements else {
            reader.bag.error(.typeMismatch, "expected \(what) as a list, found \(node.kindName)", at: node.location,
                             help: "start each entry with '- '")
            return []
        }
        return elements.compactMap { read(&self, $0) }
    }

    mutating func parameters(_ node: Node) -> [Parameter] {
        guard let pairs = node.pairs else {
            reader.bag.error(.typeMismatch, "expected parameters as a mapping of name to values, found \(node.kindName)", at: node.location)
            return []
        }
        return pairs.compactMap { pair in
            guard let fields = reader.mapping(pair.value, "parameter '\(pair.key)'", allowed: ["title", "note", "values"]) else { return nil }
            guard let valuesNode = reader.require(fields, "values", in: pair.value, "parameter '\(pair.key)'") else { return nil }
            guard let valuePairs = valuesNode.pairs else {
                reader.bag.error(.typeMismatch, "expected the values as a mapping of date to value, found \(valuesNode.kindName)", at: valuesNode.location,
                                 help: "write e.g. '2024-03-22: {value: 40000, cite: Art. 8}'")
                return nil
            }
            var values: [ParameterValue] = []
            for valuePair in valuePairs {
                let keyNode = Node(.scalar(Scalar(text: valuePair.key, isPlain: true)), at: valuePair.keyLocation)
                guard let from = reader.day(keyNode, "the date a value applies from"),
                      let entry = reader.mapping(valuePair.value, "a parameter value", allowed: ["value", "cite", "note"]),
                      let valueNode = reader.require(entry, "value", in: valuePair.value, "a parameter value") else { continue }
                let cite = reader.cite(entry, in: valuePair.value, "the value of '\(pair.key)' from \(valuePair.key)")
                guard let literal = parameterLiteral(valueNode) else { continue }
                values.append(ParameterValue(from: from, value: literal, cite: cite ?? "", note: entry["note"]?.value.scalar?.text, location: valuePair.keyLocation))
            }
            return Parameter(name: pair.key, title: reader.bilingual(fields["title"]?.value, "the title"), note: fields["note"]?.value.scalar?.text,
                             values: values, location: pair.keyLocation)
        }
    }

    mutating func parameterLiteral(_ node: Node) -> ParameterLiteral? {
        guard let scalar = node.scalar, !scalar.isNull else {
            reader.bag.error(.typeMismatch, "expected a number, true/false or a code, found \(node.kindName)", at: node.location)
            return nil
        }
        if let n = scalar.integer { return .integer(n) }
        if let b = scalar.bool { return .boolean(b) }
        guard let code = reader.code(node, "a parameter value") else { return nil }
        return .code(code)
    }

    mutating func counters(_ node: Node) -> [Counter] {
        guard let pairs = node.pairs else {
            reader.bag.error(.typeMismatch, "expected counters as a mapping, found \(node.kindName)", at: node.location)
            return []
        }
        return pairs.compactMap { pair in
            guard let fields = reader.mapping(pair.value, "counter '\(pair.key)'", allowed: ["title", "counts", "note"]),
                  let counts = reader.require(fields, "counts", in: pair.value, "counter '\(pair.key)'"),
                  let condition = reader.condition(counts, scope: .item) else { return nil }
            return Counter(name: pair.key, title: reader.bilingual(fields["title"]?.value, "the title"), counts: condition, location: pair.keyLocation)
        }
    }

    mutating func counting(_ node: Node) -> Counting? {
        guard let fields = reader.mapping(node, "the counting section", allowed: ["window", "exempted-transfers-count"]),
              let window = reader.reference(reader.require(fields, "window", in: node, "the counting section"), "a parameter name") else { return nil }
        return Counting(window: window, exemptedTransfersCount: reader.reference(fields["exempted-transfers-count"]?.value, "a parameter name"),
                        location: node.location)
    }

    mutating func reclassification(_ node: Node, period: Period) -> Reclassification? {
        guard let fields = reader.mapping(node, "a reclassification", allowed: ["id", "cite", "when", "class", "in-force", "in-force-through", "note"]),
              let id = reader.reference(reader.require(fields, "id", in: node, "a reclassification"), "the id") else { return nil }
        let cite = reader.cite(fields, in: node, "reclassification '\(id)'")
        let when = reader.require(fields, "when", in: node, "reclassification '\(id)'").flatMap { reader.condition($0, scope: .item) }
        let toClass = reader.reference(reader.require(fields, "class", in: node, "reclassification '\(id)'"), "a class")
        guard let cite, let when, let toClass else { return nil }
        return Reclassification(id: id, cite: cite, period: reader.period(fields, default: period), when: when, toClass: toClass, location: node.location)
    }

    mutating func obligations(_ node: Node) -> [Obligation] {
        guard let pairs = node.pairs else {
            reader.bag.error(.typeMismatch, "expected obligations as a mapping of id to obligation, found \(node.kindName)", at: node.location)
            return []
        }
        return pairs.compactMap { pair in
            guard let fields = reader.mapping(pair.value, "obligation '\(pair.key)'", allowed: ["cite", "cite-zh", "title", "note"]) else { return nil }
            let cite = reader.cite(fields, in: pair.value, "obligation '\(pair.key)'")
            let title = reader.require(fields, "title", in: pair.value, "obligation '\(pair.key)'").flatMap { reader.bilingual($0, "the title") }
            guard let cite, let title else { return nil }
            var obligation = Obligation(id: Reference(pair.key, at: pair.keyLocation), cite: cite, title: title, note: fields["note"]?.value.scalar?.text,
                                        location: pair.keyLocation)
            obligation.citeZH = reader.string(fields["cite-zh"]?.value, "the Chinese citation")
            return obligation
        }
    }

    static let ruleKeys = ["id", "cite", "cite-zh", "title", "in-force", "in-force-through", "when", "then", "obligations", "overrides", "overrides-final",
                           "exemption", "because", "note"]

    mutating func rule(_ node: Node, pack: String, period: Period) -> Rule? {
        guard let fields = reader.mapping(node, "a rule", allowed: Self.ruleKeys),
              let id = reader.reference(reader.require(fields, "id", in: node, "a rule"), "the rule id") else { return nil }
        let cite = reader.cite(fields, in: node, "rule '\(id)'")
        let when = fields["when"].flatMap { reader.condition($0.value, scope: .flow) }
        let then = reader.reference(fields["then"]?.value, "an outcome")
        let obligations = reader.references(fields["obligations"]?.value, "obligation id")
        if then == nil, obligations.isEmpty {
            reader.bag.error(.missingKey, "rule '\(id)' has neither 'then' nor 'obligations'", at: node.location,
                             help: "a rule decides an outcome ('then:'), adds obligations, or both")
        }
        if fields["because"] == nil, then != nil {
            reader.bag.warning(.missingExplanation, "rule '\(id)' has no 'because': its decisions will be explained by its id only", at: node.location,
                               help: "add 'because: {en: …, zh: …}'")
        }
        guard let cite else { return nil }
        var rule = Rule(id: id, cite: cite, title: reader.bilingual(fields["title"]?.value, "the title"), period: reader.period(fields, default: period),
                    when: when, then: then, obligations: obligations, overrides: reader.references(fields["overrides"]?.value, "rule id"),
                    overridesFinal: reader.bool(fields["overrides-final"]?.value, "'overrides-final'") ?? false,
                    exemption: reader.bool(fields["exemption"]?.value, "'exemption'") ?? false,
                    because: explanation(fields["because"]?.value), note: fields["note"]?.value.scalar?.text, pack: pack,
                    location: node.location)
        rule.citeZH = reader.string(fields["cite-zh"]?.value, "the Chinese citation")
        return rule
    }

    /// `because: {en, zh}`, or a list of sentences `- {when: CONDITION, en, zh}` each said only
    /// when its condition holds on the flow.
    mutating func explanation(_ node: Node?) -> Explanation? {
        guard let node else { return nil }
        guard let elements = node.elements else {
            return reader.bilingual(node, "the explanation").map { Explanation(clauses: [.init(when: nil, text: $0, location: node.location)]) }
        }
        if elements.isEmpty { reader.bag.error(.missingKey, "the explanation has no sentences", at: node.location) }
        let clauses: [Explanation.Clause] = elements.compactMap { element in
            guard let fields = reader.mapping(element, "a sentence of the explanation", allowed: ["when", "en", "zh"]) else { return nil }
            let zh = reader.require(fields, "zh", in: element, "a sentence").flatMap { reader.string($0, "the Chinese text") }
            let en = reader.require(fields, "en", in: element, "a sentence").flatMap { reader.string($0, "the English text") }
            let when = fields["when"].flatMap { reader.condition($0.value, scope: .flow) }
            guard let zh, let en else { return nil }
            return Explanation.Clause(when: when, text: Bilingual(zh: zh, en: en), location: element.location)
        }
        return Explanation(clauses: clauses)
    }

    // MARK: list

    static let listKeys = ["list", "kind", "title", "cite", "cite-zh", "note", "instrument", "issuer", "source", "published", "in-force", "in-force-through", "status",
                           "notes", "eligible", "applies-to", "unless", "outcome", "exemption", "obligations", "scenario-obligations", "scenarios", "because", "acknowledged"]

    mutating func list(_ node: Node) -> DataList? {
        guard let fields = reader.mapping(node, "a list", allowed: Self.listKeys),
              let id = reader.reference(fields["list"]?.value, "the list id") else { return nil }
        let kindNode = reader.require(fields, "kind", in: node, "list '\(id)'")
        var kind: DataList.Kind?
        if let kindNode, let text = reader.string(kindNode, "the list kind") {
            kind = DataList.Kind(rawValue: text)
            if kind == nil {
                reader.bag.error(.invalidValue, "unknown list kind '\(text)'", at: kindNode.location,
                                 help: Suggestion.help(for: text, among: DataList.Kind.allCases.map(\.rawValue)))
            }
        }
        let title = reader.require(fields, "title", in: node, "list '\(id)'").flatMap { reader.bilingual($0, "the title") }
        let cite = reader.cite(fields, in: node, "list '\(id)'")
        let outcome = reader.reference(reader.require(fields, "outcome", in: node, "list '\(id)'"), "an outcome")
        status(fields)
        var scenarios: [ListScenario] = []
        if let pair = reader.require(fields, "scenarios", in: node, "list '\(id)'") {
            if let pairs = pair.pairs {
                scenarios = pairs.compactMap { scenario($0) }
            } else {
                reader.bag.error(.typeMismatch, "expected scenarios as a mapping of scenario code to categories, found \(pair.kindName)", at: pair.location)
            }
        }
        guard let kind, let title, let cite, let outcome else { return nil }
        var list = DataList(id: id, kind: kind, title: title, cite: cite, instrument: fields["instrument"]?.value.scalar?.text,
                        issuer: fields["issuer"]?.value.scalar?.text, source: fields["source"]?.value.scalar?.text, period: reader.period(fields),
                        status: fields["status"]?.value.scalar?.text, eligible: fields["eligible"].flatMap { reader.condition($0.value, scope: .flow) },
                        appliesTo: fields["applies-to"].flatMap { reader.condition($0.value, scope: .item) },
                        unless: fields["unless"].flatMap { reader.condition($0.value, scope: .item) }, outcome: outcome,
                        exemption: reader.bool(fields["exemption"]?.value, "'exemption'") ?? false,
                        obligations: reader.references(fields["obligations"]?.value, "obligation id"), scenarios: scenarios,
                        because: explanation(fields["because"]?.value), location: node.location)
        list.citeZH = reader.string(fields["cite-zh"]?.value, "the Chinese citation")
        list.scenarioObligations = reader.references(fields["scenario-obligations"]?.value, "obligation id")
        list.note = reader.string(fields["note"]?.value, "the note")
        if let pair = fields["acknowledged"] { list.acknowledgements = sequence(pair.value, "acknowledgements") { $0.acknowledgement($1) } }
        return list
    }

    static let entryKeys = ["zh", "en", "note", "cite", "cite-zh", "class", "then", "when", "obligations"]

    mutating func scenario(_ pair: Pair) -> ListScenario? {
        guard let fields = reader.mapping(pair.value, "scenario '\(pair.key)'", allowed: ["title", "sector", "categories", "note"]) else { return nil }
        let title = reader.require(fields, "title", in: pair.value, "scenario '\(pair.key)'").flatMap { reader.bilingual($0, "the title") }
        var categories: [CodeEntry] = []
        var entries: [ListEntry] = []
        if let node = fields["categories"]?.value {
            if node.elements != nil {
                categories = reader.references(node, "category").map { CodeEntry(code: $0.name, label: Bilingual(zh: $0.name, en: $0.name), location: $0.location) }
            } else if let pairs = node.pairs {
                for category in pairs {
                    guard let entry = reader.mapping(category.value, "the entry '\(category.key)'", allowed: Self.entryKeys) else { continue }
                    let zh = reader.require(entry, "zh", in: category.value, "'\(category.key)'").flatMap { reader.string($0, "the Chinese label") }
                    let en = reader.require(entry, "en", in: category.value, "'\(category.key)'").flatMap { reader.string($0, "the English label") }
                    guard let zh, let en else { continue }
                    categories.append(CodeEntry(code: category.key, label: Bilingual(zh: zh, en: en), location: category.keyLocation))
                    let says = ["class", "then", "when", "obligations"].filter { entry[$0] != nil }
                    guard !says.isEmpty else { continue }
                    if entry["when"] != nil, entry["then"] == nil {
                        reader.bag.error(.missingKey, "the entry '\(category.key)' says when but not what: add 'then:' with the mechanism", at: category.keyLocation)
                    }
                    // An entry that decides something is a rule of law: it needs its citation.
                    guard let cite = reader.cite(entry, in: category.value, "the entry '\(category.key)'") else { continue }
                    entries.append(ListEntry(code: category.key, cite: cite, citeZH: reader.string(entry["cite-zh"]?.value, "the Chinese citation"),
                                             designates: reader.reference(entry["class"]?.value, "a class"), then: reader.reference(entry["then"]?.value, "an outcome"),
                                             when: entry["when"].flatMap { reader.condition($0.value, scope: .item) },
                                             obligations: reader.references(entry["obligations"]?.value, "obligation id"), location: category.keyLocation))
                }
            } else {
                reader.bag.error(.typeMismatch, "expected categories as a mapping of code to labels, found \(node.kindName)", at: node.location)
            }
        }
        guard let title else { return nil }
        var scenario = ListScenario(code: pair.key, title: title, sector: reader.reference(fields["sector"]?.value, "a sector"), categories: categories,
                                    location: pair.keyLocation)
        scenario.entries = entries
        return scenario
    }

    // MARK: catalog

    mutating func catalog(_ node: Node) -> Catalog? {
        guard let fields = reader.mapping(node, "a catalog", allowed: ["catalog", "title", "source", "notes", "status", "entries"]),
              let id = reader.code(fields["catalog"]?.value, "the catalog id") else { return nil }
        var entries: [CatalogEntry] = []
        if let node = reader.require(fields, "entries", in: node, "catalog '\(id)'") {
            if let pairs = node.pairs {
                entries = pairs.compactMap { catalogEntry($0) }
            } else {
                reader.bag.error(.typeMismatch, "expected entries as a mapping of code to entry, found \(node.kindName)", at: node.location)
            }
        }
        return Catalog(id: id, title: reader.bilingual(fields["title"]?.value, "the title"), entries: entries, location: node.location)
    }

    mutating func catalogEntry(_ pair: Pair) -> CatalogEntry? {
        guard let fields = reader.mapping(pair.value, "catalog entry '\(pair.key)'", allowed: ["title", "class", "cite", "minors", "features", "note"]),
              let dataClass = reader.reference(reader.require(fields, "class", in: pair.value, "catalog entry '\(pair.key)'"), "a class") else { return nil }
        return CatalogEntry(code: pair.key, title: reader.bilingual(fields["title"]?.value, "the title"), dataClass: dataClass,
                            cite: fields["cite"]?.value.scalar?.text, minors: reader.bool(fields["minors"]?.value, "'minors'"),
                            features: reader.references(fields["features"]?.value, "feature"), note: fields["note"]?.value.scalar?.text,
                            location: pair.keyLocation)
    }
}
