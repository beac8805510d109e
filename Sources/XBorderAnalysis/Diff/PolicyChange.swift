import XBorder

/// One thing that differs between two policy sets, named as a lawyer names it: a rule, a
/// parameter's dated value, a list or one entry of it, a catalog entry, a code of the vocabulary.
public struct PolicyChange: Sendable {
    public enum Kind: String, Sendable {
        case rule, parameter, list
        case listEntry = "list-entry"
        case reclassification, counter, obligation
        case catalogEntry = "catalog-entry"
        case vocabulary, pack
    }

    public enum Change: String, Sendable {
        case added, removed, changed
    }

    public var kind: Kind
    /// The element's id; a list entry is `list/scenario/category`.
    public var id: String
    public var change: Change
    /// What of it changed (`condition`, `outcome`, `value from DAY`, `wording`…).
    public var aspects: [String]
    /// The change in one line: `value from DAY: OLD → NEW` for a parameter.
    public var summary: String
    public var cite: String?
    public var before: SourceLocation?
    public var after: SourceLocation?
    /// False when only wording or citations changed: decisions cannot move, reports can.
    public var affectsDecisions: Bool

    /// Where the change is seen: the new text, else the old.
    public var location: SourceLocation? { after ?? before }
}

/// The changes from one policy set to another, in the order of the old set's text, additions last.
struct PolicyComparer {
    let old: PolicySet
    let new: PolicySet

    func changes() -> [PolicyChange] {
        var changes: [PolicyChange] = []
        changes += vocabulary()
        changes += packs()
        changes += compare(.rule, rules(old), rules(new), id: \.rule.id.name, location: \.rule.location, cite: { $0.rule.cite }, aspects: ruleAspects)
        changes += parameters()
        changes += compare(.counter, counters(old), counters(new), id: \.name, location: \.location, cite: { _ in nil }) { a, b in
            Fingerprint.decision(a.counts) != Fingerprint.decision(b.counts) ? ["what it counts"] : []
        }
        changes += compare(.reclassification, reclassifications(old), reclassifications(new), id: \.id.name, location: \.location, cite: { $0.cite }) { a, b in
            aspects([("condition", a.when, b.when), ("class", a.toClass, b.toClass), ("period", a.period, b.period)])
        }
        changes += compare(.obligation, obligations(old), obligations(new), id: \.id.name, location: \.location, cite: { $0.cite }) { _, _ in [] }
        changes += lists()
        changes += compare(.catalogEntry, catalogEntries(old), catalogEntries(new), id: \.code, location: \.location, cite: { $0.cite }) { a, b in
            aspects([("class", a.dataClass, b.dataClass), ("minors", a.minors, b.minors), ("features", a.features, b.features)])
        }
        return changes
    }

    // MARK: elements

    private func rules(_ set: PolicySet) -> [(rule: Rule, pack: String)] { set.packs.flatMap { pack in pack.rules.map { ($0, pack.id) } } }
    private func counters(_ set: PolicySet) -> [Counter] { set.packs.flatMap(\.counters) }
    private func reclassifications(_ set: PolicySet) -> [Reclassification] { set.packs.flatMap(\.reclassifications) }
    private func obligations(_ set: PolicySet) -> [Obligation] { set.packs.flatMap(\.obligations) }
    private func catalogEntries(_ set: PolicySet) -> [CatalogEntry] { set.catalogs.flatMap(\.entries) }

    private func ruleAspects(_ a: (rule: Rule, pack: String), _ b: (rule: Rule, pack: String)) -> [String] {
        let x = a.rule, y = b.rule
        return aspects([("condition", x.when, y.when), ("outcome", x.then, y.then), ("period", x.period, y.period),
                        ("obligations", x.obligations, y.obligations), ("exceptions", [x.overrides.map(\.name), [String(x.overridesFinal)]], [y.overrides.map(\.name), [String(y.overridesFinal)]]),
                        ("exemption", x.exemption, y.exemption), ("pack", a.pack, b.pack)])
    }

    /// The named parts whose decision fingerprints differ.
    private func aspects(_ parts: [(String, Any, Any)]) -> [String] {
        parts.filter { Fingerprint.decision($0.1) != Fingerprint.decision($0.2) }.map(\.0)
    }

    /// Added, removed and changed elements of one kind, matched by id.
    private func compare<Element>(_ kind: PolicyChange.Kind, _ before: [Element], _ after: [Element], id: (Element) -> String,
                                  location: (Element) -> SourceLocation, cite: (Element) -> String?, whole: Bool = true,
                                  aspects: (Element, Element) -> [String]) -> [PolicyChange] {
        // Added or removed packs and obligations decide nothing themselves: their rules, and the
        // rules that name them, are changes of their own.
        let decisive = kind != .obligation && kind != .pack
        var afterByID: [String: Element] = [:]
        for element in after { afterByID[id(element)] = element }
        let beforeIDs = Set(before.map(id))
        var changes: [PolicyChange] = []
        for element in before {
            let name = id(element)
            guard let other = afterByID[name] else {
                changes.append(PolicyChange(kind: kind, id: name, change: .removed, aspects: [], summary: "removed", cite: cite(element),
                                            before: location(element), after: nil, affectsDecisions: decisive))
                continue
            }
            var changed = aspects(element, other)
            let decides = !changed.isEmpty
            if (cite(element) ?? "") != (cite(other) ?? "") { changed.append("citation") }
            if whole, changed.isEmpty, Fingerprint.full(element) != Fingerprint.full(other) { changed.append("wording") }
            // An aspect list that does not name the difference (a field added to the model):
            // the element differs all the same, and is taken to change decisions.
            let unnamed = whole && changed.isEmpty && Fingerprint.decision(element) != Fingerprint.decision(other)
            if unnamed { changed.append("definition") }
            guard !changed.isEmpty else { continue }
            changes.append(PolicyChange(kind: kind, id: name, change: .changed, aspects: changed, summary: changed.joined(separator: ", ") + " changed",
                                        cite: cite(other) ?? cite(element), before: location(element), after: location(other),
                                        affectsDecisions: (decides || unnamed) && kind != .obligation))
        }
        for element in after where !beforeIDs.contains(id(element)) {
            changes.append(PolicyChange(kind: kind, id: id(element), change: .added, aspects: [], summary: "added", cite: cite(element),
                                        before: nil, after: location(element), affectsDecisions: decisive))
        }
        return changes
    }

    // MARK: parameters: each dated value

    private func parameters() -> [PolicyChange] {
        let before = old.packs.flatMap(\.parameters), after = new.packs.flatMap(\.parameters)
        var afterByName: [String: Parameter] = [:]
        for parameter in after { afterByName[parameter.name] = parameter }
        var changes: [PolicyChange] = []
        for parameter in before {
            guard let other = afterByName[parameter.name] else {
                changes.append(PolicyChange(kind: .parameter, id: parameter.name, change: .removed, aspects: [], summary: "removed",
                                            cite: parameter.values.last?.cite, before: parameter.location, after: nil, affectsDecisions: true))
                continue
            }
            var aspects: [String] = [], lines: [String] = [], decides = false
            let newByDay = Dictionary(other.values.map { ($0.from, $0) }, uniquingKeysWith: { first, _ in first })
            let oldDays = Set(parameter.values.map(\.from))
            for value in parameter.values {
                guard let changed = newByDay[value.from] else {
                    aspects.append("value from \(value.from)")
                    lines.append("value from \(value.from) (\(value.value)) removed")
                    decides = true
                    continue
                }
                if changed.value != value.value {
                    aspects.append("value from \(value.from)")
                    lines.append("value from \(value.from): \(value.value) → \(changed.value)")
                    decides = true
                } else if changed.cite != value.cite {
                    aspects.append("citation of the value from \(value.from)")
                    lines.append("citation of the value from \(value.from): '\(value.cite)' → '\(changed.cite)'")
                }
            }
            for value in other.values where !oldDays.contains(value.from) {
                aspects.append("value from \(value.from)")
                lines.append("value from \(value.from) (\(value.value)) added")
                decides = true
            }
            guard !aspects.isEmpty else { continue }
            changes.append(PolicyChange(kind: .parameter, id: parameter.name, change: .changed, aspects: aspects, summary: lines.joined(separator: "; "),
                                        cite: other.values.last?.cite, before: parameter.location, after: other.location, affectsDecisions: decides))
        }
        let names = Set(before.map(\.name))
        for parameter in after where !names.contains(parameter.name) {
            changes.append(PolicyChange(kind: .parameter, id: parameter.name, change: .added, aspects: [], summary: "added",
                                        cite: parameter.values.last?.cite, before: nil, after: parameter.location, affectsDecisions: true))
        }
        return changes
    }

    // MARK: lists: the list itself, then each scenario's categories and entries

    private func lists() -> [PolicyChange] {
        // The list itself without its scenarios' categories and entries: each of those is a
        // change of its own below, compared (and isolated) alone.
        func bare(_ list: DataList) -> DataList {
            var list = list
            for s in list.scenarios.indices {
                list.scenarios[s].categories = []
                list.scenarios[s].entries = []
            }
            return list
        }
        var changes = compare(.list, old.lists.map(bare), new.lists.map(bare), id: \.id.name, location: \.location, cite: { $0.cite }) { a, b in
            var named = aspects([("eligible", a.eligible, b.eligible), ("applies-to", a.appliesTo, b.appliesTo), ("unless", a.unless, b.unless),
                                 ("outcome", a.outcome, b.outcome), ("period", a.period, b.period), ("exemption", a.exemption, b.exemption),
                                 ("obligations", [a.obligations, a.scenarioObligations], [b.obligations, b.scenarioObligations]), ("kind", a.kind, b.kind)])
            let oldCodes = a.scenarios.map(\.code), newCodes = b.scenarios.map(\.code)
            for code in oldCodes where !newCodes.contains(code) { named.append("scenario \(code) removed") }
            for code in newCodes where !oldCodes.contains(code) { named.append("scenario \(code) added") }
            for scenario in a.scenarios {
                guard let other = b.scenarios.first(where: { $0.code == scenario.code }) else { continue }
                if Fingerprint.decision(scenario.sector) != Fingerprint.decision(other.sector) { named.append("sector of scenario \(scenario.code)") }
            }
            return named
        }
        for list in old.lists {
            guard let other = new.lists.first(where: { $0.id.name == list.id.name }) else { continue }
            for scenario in list.scenarios {
                guard let otherScenario = other.scenarios.first(where: { $0.code == scenario.code }) else { continue }
                let prefix = "\(list.id.name)/\(scenario.code)/"
                changes += compare(.listEntry, scenario.categories, otherScenario.categories, id: { prefix + $0.code }, location: \.location,
                                   cite: { _ in list.cite }) { a, b in a.inside != b.inside || a.isFinal != b.isFinal ? ["category"] : [] }
                changes += compare(.listEntry, scenario.entries, otherScenario.entries, id: { prefix + $0.code }, location: \.location,
                                   cite: { $0.cite }) { a, b in
                    aspects([("designates", a.designates, b.designates), ("outcome", a.then, b.then), ("condition", a.when, b.when), ("obligations", a.obligations, b.obligations)])
                }
            }
        }
        return changes
    }

    // MARK: vocabulary and packs

    private func vocabulary() -> [PolicyChange] {
        var changes: [PolicyChange] = []
        let a = old.vocabularies, b = new.vocabularies
        for section in VocabularySection.allCases {
            let before = a.flatMap { $0.sections[section] ?? [] }, after = b.flatMap { $0.sections[section] ?? [] }
            changes += compare(.vocabulary, before, after, id: { "\(section.rawValue).\($0.code)" }, location: \.location, cite: { _ in nil }) { x, y in
                x.inside != y.inside || x.isFinal != y.isFinal ? ["definition"] : []
            }
        }
        let location = b.first?.location ?? a.first?.location
        func differs(_ name: String, _ x: Any, _ y: Any) {
            guard Fingerprint.decision(x) != Fingerprint.decision(y) else { return }
            changes.append(PolicyChange(kind: .vocabulary, id: name, change: .changed, aspects: [name], summary: "\(name) changed", cite: nil,
                                        before: a.first?.location, after: location, affectsDecisions: true))
        }
        differs("fallback", a.compactMap { $0.fallback?.code }, b.compactMap { $0.fallback?.code })
        differs("defaults", a.flatMap { $0.defaults.map { "\($0.key)=\($0.value.code)" } }.sorted(), b.flatMap { $0.defaults.map { "\($0.key)=\($0.value.code)" } }.sorted())
        differs("coverage", a.compactMap { $0.coverage?.from }, b.compactMap { $0.coverage?.from })
        return changes
    }

    private func packs() -> [PolicyChange] {
        // Only the pack's own fields: its rules, parameters and the rest are compared one by one.
        compare(.pack, old.packs, new.packs, id: \.id, location: \.location, cite: { _ in nil }, whole: false) { a, b in
            aspects([("period", a.period, b.period), ("counting", a.counting, b.counting), ("rule sets", a.ruleSets, b.ruleSets)])
        }
    }
}
