/// The code tables and defaults a flow's fields are resolved against, looked up once for a whole
/// inventory rather than once or more per flow.
public struct ResolutionTables: Sendable {
    let classes: CodeTable, features: CodeTable, origins: CodeTable, zones: CodeTable
    let purposes: CodeTable, sectors: CodeTable, recipientKinds: CodeTable
    /// The numbers of the vocabulary's defaults, -1 where there is none.
    let defaultOrigin: Int32, defaultZone: Int32, defaultPurpose: Int32, defaultRecipientKind: Int32

    public init(_ policy: CompiledPolicy) {
        classes = policy.table(.classes)
        features = policy.table(.features)
        origins = policy.table(.origins)
        zones = policy.table(.zones)
        purposes = policy.table(.purposes)
        sectors = policy.table(.sectors)
        recipientKinds = policy.table(.recipientKinds)
        defaultOrigin = policy.defaults["origin"] ?? -1
        defaultZone = policy.defaults["zone"] ?? -1
        defaultPurpose = policy.defaults["purpose"] ?? -1
        defaultRecipientKind = policy.defaults["recipient-kind"] ?? -1
    }
}

/// Checks a flow's codes against a compiled policy and numbers them.
extension CompiledPolicy {
    public func resolve(_ located: LocatedFlow) throws(DiagnosticList) -> ResolvedFlow {
        try resolve(located, using: ResolutionTables(self))
    }

    /// Resolves with tables prepared once, as an inventory does for all its flows.
    public func resolve(_ located: LocatedFlow, using tables: ResolutionTables) throws(DiagnosticList) -> ResolvedFlow {
        var bag = DiagnosticBag()
        let flow = located.flow
        let where_ = located.locations
        func code(_ value: String?, _ table: CodeTable, _ section: VocabularySection, _ path: @autoclosure () -> String, default: Int32 = -1) -> Int32 {
            guard let value else { return `default` }
            return lookup(value, table, section.singular, where_[path()], &bag)
        }
        let classes = tables.classes
        var notes: [Bilingual] = []
        if let coverage, flow.date < coverage.from {
            bag.error(.outOfCoverage, "the transfer date \(flow.date) is before \(coverage.from), where the law encoded by these policies begins (\(coverage.cite))",
                      at: where_["date"], help: "these policies do not say what the law was before \(coverage.from); decide the transfer under the law of its day by other means")
        }
        let scenario: Int32 = flow.scenario.map { lookup($0, scenarios, "scenario", where_["scenario"], &bag) } ?? -1
        var items: [ResolvedItem] = []
        items.reserveCapacity(flow.items.count)
        var subjectLabels: [String: Int32] = [:]
        for (index, item) in flow.items.enumerated() {
            // The path of a field is only spelt out when a diagnostic needs its place.
            var base: String { "items.\(index)" }
            var dataClass: Int32 = item.dataClass.map { lookup($0, classes, "data class", where_["\(base).class"], &bag) } ?? -1
            var minors: Int32 = item.minors.map { $0 ? 1 : 0 } ?? -1
            var features: UInt64 = 0
            var catalogNumber: Int32 = -1
            if let entry = item.catalog {
                catalogNumber = lookup(entry, catalogEntries, "catalog entry", where_["\(base).catalog"], &bag)
                if catalogNumber >= 0 {
                    let info = catalog[Int(catalogNumber)]
                    if dataClass < 0 {
                        dataClass = info.dataClass
                    } else if dataClass != info.dataClass {
                        let stricter = max(dataClass, info.dataClass)
                        notes.append(Bilingual(
                            zh: "数据项“\(item.name)”：所标类别“\(classes.label(dataClass).zh)”与分类目录条目“\(entry)”（\(classes.label(info.dataClass).zh)）不一致，按较严格的“\(classes.label(stricter).zh)”处理",
                            en: "item '\(item.name)': class '\(classes.code(dataClass))' differs from catalog entry '\(entry)' ('\(classes.code(info.dataClass))'); the stricter, '\(classes.code(stricter))', is used"))
                        dataClass = stricter
                    }
                    if minors < 0, let catalogMinors = info.minors { minors = catalogMinors ? 1 : 0 }
                    features |= info.features
                }
            }
            for feature in item.features ?? [] {
                let n = lookup(feature, tables.features, "feature", where_["\(base).features"], &bag)
                if n >= 0 { features |= 1 << UInt64(n) }
            }
            var category: Int32 = -1
            if let value = item.category {
                if let known = categories[value] {
                    category = known
                } else {
                    // A category no list declares cannot be shown to be off a negative list or on a
                    // general data list: the item is not released (fail closed), and the reader is told.
                    category = ResolvedItem.unknownCategory
                    let hint = Suggestion.closest(to: value, among: categories.codes).map { " (did you mean '\($0)'?)" } ?? ""
                    notes.append(Bilingual(zh: "数据项“\(item.name)”：类别“\(value)”不属于任何清单，任何清单均不予放行",
                                           en: "item '\(item.name)': category '\(value)' is on no list\(hint); no list releases it"))
                }
                if category >= 0, let scenarioCode = flow.scenario, !value.hasPrefix(scenarioCode + ".") {
                    notes.append(Bilingual(zh: "数据项“\(item.name)”：类别“\(value)”不属于本次出境所称场景“\(scenarioCode)”",
                                           en: "item '\(item.name)': category '\(value)' is not under the flow's scenario '\(scenarioCode)'"))
                }
            }
            var subjects: Int32 = -1
            if let label = item.subjects {
                if let known = subjectLabels[label] { subjects = known } else {
                    subjects = Int32(subjectLabels.count)
                    subjectLabels[label] = subjects
                }
            }
            if let listed = item.listed {
                if !listed, category >= 0, negativeListCategories.contains(category) {
                    bag.error(.conflict, "item '\(item.name)' says 'listed: false' but names '\(item.category ?? "")', an entry of a negative list",
                              at: where_["\(base).listed"], help: "an item named by a list entry is on the list: write 'listed: true' or leave the category out")
                }
                if scenario < 0 || !negativeListScenarios.contains(scenario) {
                    notes.append(Bilingual(zh: "数据项“\(item.name)”：本次出境未称负面清单场景，“listed”不产生效果",
                                           en: "item '\(item.name)': 'listed' has no effect, as the flow names no negative-list scenario"))
                }
            }
            var resolved = ResolvedItem(dataClass: dataClass, minors: minors, origin: code(item.origin, tables.origins, .origins, "\(base).origin", default: tables.defaultOrigin),
                                        category: category, catalog: catalogNumber, subjects: subjects, features: features, individuals: item.individuals ?? 0)
            resolved.listed = item.listed.map { $0 ? 1 : 0 } ?? -1
            if item.individuals == nil, dataClass >= 0, let counted = countedClass(of: resolved, on: flow.date) {
                // Counted as the law classes it on the flow's date (children's data is sensitive,
                // images with faces are personal information), not only as the flow states it.
                let stated = classes.code(dataClass), effective = classes.code(counted)
                bag.error(.missingKey, "item '\(item.name)' is \(effective) data\(stated == effective ? "" : " (classed '\(stated)', reclassified by the policy)"): it needs 'individuals', the number of persons",
                          at: where_[base], help: "the law counts natural persons; write e.g. 'individuals: 40000'")
            }
            items.append(resolved)
        }
        var prior = [Int](repeating: 0, count: counters.count)
        if let stated = flow.prior {
            for (name, value) in stated {
                if let index = counters.firstIndex(where: { $0.name == name }) {
                    prior[index] = value
                } else {
                    bag.error(.unknownKey, "unknown counter '\(name)' in 'prior'", at: where_["prior.\(name)"],
                              help: Suggestion.help(for: name, among: counters.map(\.name)))
                }
            }
        }
        let registeredIn = code(flow.exporter.registeredIn, tables.zones, .zones, "exporter.registered_in", default: tables.defaultZone)
        let facts = FlowFacts(
            purpose: code(flow.purpose, tables.purposes, .purposes, "purpose", default: tables.defaultPurpose), scenario: scenario,
            ciio: flow.exporter.ciio ? 1 : 0, sector: code(flow.exporter.sector, tables.sectors, .sectors, "exporter.sector"), registeredIn: registeredIn,
            activityIn: flow.exporter.activityIn.map { code($0, tables.zones, .zones, "exporter.activity_in") } ?? registeredIn,
            recipientKind: code(flow.recipient.kind, tables.recipientKinds, .recipientKinds, "recipient.kind", default: tables.defaultRecipientKind),
            recipientRegisteredIn: code(flow.recipient.registeredIn, tables.zones, .zones, "recipient.registered_in"),
            country: ConditionCodeBuilder.countryIndex(flow.recipient.country).map(Int32.init) ?? -1,
            processes: flow.exporter.processes ?? -1)
        let resolved = ResolvedFlow(flow: flow, date: flow.date, facts: facts, items: items, prior: prior,
                                    priorSource: flow.prior == nil ? .none : .flow, notes: notes)
        if bag.hasErrors { throw DiagnosticList(bag.diagnostics) }
        return resolved
    }

    /// The class an item has once the reclassifications in force on `day` apply, when that class
    /// counts toward a yearly total; nil when the item counts toward none.
    private func countedClass(of item: ResolvedItem, on day: Day) -> Int32? {
        var item = item
        let epoch = index.epochNumber(on: day)
        var machine = Machine(index: index, epoch: epoch, facts: FlowFacts())
        for number in epoch.map({ index.epochReclassifications[$0] }) ?? [] {
            let (condition, toClass) = index.reclassifications[Int(number)]
            if item.dataClass < toClass, machine.item(condition, item) { item.dataClass = toClass }
        }
        let counts = counters.contains { counter in
            machine.unknown = false
            return machine.item(counter.counts, item) || machine.unknown
        }
        return counts ? item.dataClass : nil
    }

    private func lookup(_ value: String, _ table: CodeTable, _ what: String, _ location: @autoclosure () -> SourceLocation, _ bag: inout DiagnosticBag) -> Int32 {
        if let number = Self.number(of: value, in: table) { return number }
        bag.error(.undefinedReference, "unknown \(what) '\(value)'", at: location(), help: Suggestion.help(for: value, among: table.codes))
        return -1
    }

    /// A code's number in `table`. Most of a flow's codes come from small tables (zones,
    /// purposes, classes), where comparing the codes of the same length in order costs less than
    /// hashing; a code's number is its place among the table's codes, which are distinct. A code
    /// spelt with other bytes than the table's (a canonically equivalent form) is found by the
    /// table's own index, as before.
    static func number(of value: String, in table: CodeTable) -> Int32? {
        let codes = table.codes
        if codes.count <= 64 {
            let length = value.utf8.count
            for k in codes.indices where codes[k].utf8.count == length && codes[k] == value { return Int32(k) }
        }
        return table[value]
    }
}
