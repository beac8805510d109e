/// Compiles a read policy set into a `CompiledPolicy`, as a declared sequence of named passes.
/// Every pass reports into one bag; the result is handed out only when no pass found an error.
public struct Compiler: Sendable {
    public init() {}

    /// The passes, in order; each may rely on the ones before it.
    static let passes: [(name: String, run: @Sendable (inout CompilerState) -> Void)] = [
        ("vocabulary", { $0.vocabulary() }),
        ("lists-and-catalogs", { $0.listCodesAndCatalogs() }),
        ("parameters", { $0.parameters() }),
        ("counters", { $0.counters() }),
        ("obligations", { $0.obligations() }),
        ("rules", { $0.rules() }),
        ("overrides", { $0.overrides() }),
        ("acknowledgements", { $0.acknowledgements() }),
        ("lists", { $0.lists() }),
        ("reclassifications", { $0.reclassifications() }),
        ("parameter-coverage", { $0.parameterCoverage() }),
        ("rule-table", { $0.policy.ruleTable = RuleTable($0.policy.rules) }),
        ("epochs", { $0.epochs() }),
        ("condition-code", { $0.policy.code = ConditionCode($0.code) }),
        ("evaluation-index", { $0.policy.index = EvaluationIndex($0.policy) }),
    ]

    public func compile(_ set: PolicySet) throws(DiagnosticList) -> CompiledPolicy {
        let (policy, diagnostics) = compileCollecting(set)
        guard let policy, !diagnostics.contains(where: { $0.severity == .error }) else { throw DiagnosticList(diagnostics) }
        return policy
    }

    /// Compiles and returns every diagnostic, errors or not (for `xborder validate`).
    public func compileCollecting(_ set: PolicySet) -> (CompiledPolicy?, [Diagnostic]) {
        var state = CompilerState(set: set)
        for pass in Self.passes {
            pass.run(&state)
        }
        let diagnostics = state.bag.sorted
        return (state.bag.hasErrors ? nil : state.policy, diagnostics)
    }
}

/// The work in progress of one compilation.
struct CompilerState {
    let set: PolicySet
    var policy: CompiledPolicy
    var bag = DiagnosticBag()
    var parameterIndex: [String: Int] = [:]
    var counterIndex: [String: Int] = [:]
    var obligationIndex: [String: Int32] = [:]
    var ruleIndex: [String: Int32] = [:]
    /// Parameters used by each rule, list or reclassification, with its period, for coverage.
    var parameterUses: [(period: Period, index: Int, location: SourceLocation)] = []
    var ruleOrder: [Int32] = []
    /// The model rules that were compiled, in the order of `policy.rules` (duplicates left out).
    var compiledRules: [Rule] = []
    var code = ConditionCodeBuilder()
    var chineseCitation = ChineseCitation(instruments: [:])
    var hints = HintBudget()

    init(set: PolicySet) {
        self.set = set
        let packs = set.packs.map { PackInfo(id: $0.id, version: $0.version) }.sorted { $0.id < $1.id }
        policy = CompiledPolicy(digest: set.digest, packs: packs, codes: [:])
    }

    func conditionCompiler() -> ConditionCompiler {
        ConditionCompiler(policy: policy, parameterIndex: parameterIndex, counterIndex: counterIndex, bag: DiagnosticBag(), hints: hints)
    }

    mutating func absorb(_ compiler: ConditionCompiler, period: Period) {
        bag.append(contentsOf: compiler.bag.diagnostics)
        hints = compiler.hints
        for use in compiler.usedParameters { parameterUses.append((period, use.index, use.location)) }
    }

    // MARK: vocabulary

    mutating func vocabulary() {
        var seen: [VocabularySection: [String: SourceLocation]] = [:]
        var tables: [VocabularySection: CodeTable] = [:]
        var parents: [(zone: String, parent: String, location: SourceLocation)] = []
        var finals: [String: Bool] = [:]
        for vocabulary in set.vocabularies {
            for section in VocabularySection.allCases {
                for entry in vocabulary.sections[section] ?? [] {
                    if let first = seen[section]?[entry.code] {
                        bag.error(.duplicateID, "\(section.singular) '\(entry.code)' is declared twice (first at \(first))", at: entry.location)
                        continue
                    }
                    seen[section, default: [:]][entry.code] = entry.location
                    tables[section, default: CodeTable()].add(entry.code, label: entry.label)
                    if let inside = entry.inside { parents.append((entry.code, inside, entry.location)) }
                    if section == .outcomes { finals[entry.code] = entry.isFinal }
                }
            }
        }
        policy.codes = tables
        let outcomes = policy.table(.outcomes)
        if outcomes.count == 0 {
            bag.error(.emptyPolicy, "no vocabulary declares any outcome", at: set.vocabularies.first?.location ?? SourceLocation(path: "<policies>", line: 1, column: 1),
                      help: "add a vocabulary file with 'outcomes:'")
        }
        policy.finalOutcomes = outcomes.codes.map { finals[$0] ?? false }
        let zones = policy.table(.zones)
        policy.zoneParents = [Int32](repeating: -1, count: zones.count)
        for (zone, parent, location) in parents {
            guard let child = zones[zone] else { continue }
            guard let parentNumber = zones[parent] else {
                bag.error(.undefinedReference, "zone '\(zone)' is inside unknown zone '\(parent)'", at: location,
                          help: Suggestion.help(for: parent, among: zones.codes))
                continue
            }
            policy.zoneParents[Int(child)] = parentNumber
        }
        for zone in 0..<zones.count {
            var current = policy.zoneParents[zone], steps = 0
            while current >= 0 {
                steps += 1
                if current == Int32(zone) || steps > zones.count {
                    bag.error(.overrideCycle, "zone '\(zones.code(Int32(zone)))' is inside itself", at: seen[.zones]?[zones.code(Int32(zone))] ?? set.vocabularies[0].location)
                    policy.zoneParents[zone] = -1
                    break
                }
                current = policy.zoneParents[Int(current)]
            }
        }
        for vocabulary in set.vocabularies {
            if let coverage = vocabulary.coverage {
                if policy.coverage != nil {
                    bag.error(.duplicateID, "the coverage is declared by more than one vocabulary", at: coverage.location)
                } else {
                    policy.coverage = (coverage.from, coverage.cite)
                }
            }
            if let fallback = vocabulary.fallback {
                if let number = outcomes[fallback.code] {
                    policy.fallbackOutcome = number
                } else {
                    bag.error(.undefinedReference, "unknown fallback outcome '\(fallback.code)'", at: fallback.location,
                              help: Suggestion.help(for: fallback.code, among: outcomes.codes))
                }
            }
            for (key, value) in vocabulary.defaults {
                guard let section = Vocabulary.defaultKeys[key] else { continue }
                if let number = policy.table(section)[value.code] {
                    policy.defaults[key] = number
                } else {
                    bag.error(.undefinedReference, "unknown \(section.singular) '\(value.code)' as the default \(key)", at: value.location,
                              help: hints.help(for: value.code, among: policy.table(section).codes))
                }
            }
        }
        if policy.fallbackOutcome < 0, outcomes.count > 0 {
            // Fail closed: with no declared fallback, the strictest outcome that is not final.
            policy.fallbackOutcome = Int32(policy.finalOutcomes.lastIndex(of: false) ?? outcomes.count - 1)
        }
        for vocabulary in set.vocabularies {
            for instrument in vocabulary.instruments { chineseCitation.instruments[instrument.code] = instrument.label.zh }
        }
        // A list is an instrument of its own: cited by its `cite`, named in Chinese by its title.
        for list in set.lists where chineseCitation.instruments[list.cite] == nil {
            chineseCitation.instruments[list.cite] = list.title.zh
        }
        if policy.table(.features).count > 64, let location = seen[.features]?.values.first {
            bag.error(.invalidValue, "more than 64 features are declared", at: location)
        }
    }

    // MARK: lists and catalogs

    mutating func listCodesAndCatalogs() {
        var listIDs: [String: SourceLocation] = [:]
        for list in set.lists {
            if let first = listIDs[list.id.name] {
                bag.error(.duplicateID, "list '\(list.id.name)' is declared twice (first at \(first))", at: list.id.location)
            }
            listIDs[list.id.name] = list.id.location
            for scenario in list.scenarios {
                policy.scenarios.add(scenario.code, label: scenario.title)
                if list.kind == .negative, let number = policy.scenarios[scenario.code] { policy.negativeListScenarios.insert(number) }
                for category in scenario.categories {
                    let code = "\(scenario.code).\(category.code)"
                    policy.categories.add(code, label: category.label)
                    if list.kind == .negative, let number = policy.categories[code] { policy.negativeListCategories.insert(number) }
                }
            }
        }
        var entries: [String: SourceLocation] = [:]
        for catalog in set.catalogs {
            for entry in catalog.entries {
                if let first = entries[entry.code] {
                    bag.error(.duplicateID, "catalog entry '\(entry.code)' is declared twice (first at \(first))", at: entry.location)
                    continue
                }
                entries[entry.code] = entry.location
                guard let dataClass = policy.table(.classes)[entry.dataClass.name] else {
                    bag.error(.undefinedReference, "unknown data class '\(entry.dataClass.name)'", at: entry.dataClass.location,
                              help: Suggestion.help(for: entry.dataClass.name, among: policy.table(.classes).codes))
                    continue
                }
                var features: UInt64 = 0
                for feature in entry.features {
                    if let n = policy.table(.features)[feature.name] {
                        features |= 1 << UInt64(n)
                    } else {
                        bag.error(.undefinedReference, "unknown feature '\(feature.name)'", at: feature.location,
                                  help: Suggestion.help(for: feature.name, among: policy.table(.features).codes))
                    }
                }
                policy.catalogEntries.add(entry.code, label: entry.title ?? Bilingual(zh: entry.code, en: entry.code))
                policy.catalog.append(CatalogInfo(dataClass: dataClass, minors: entry.minors, features: features))
            }
        }
    }

    // MARK: parameters, counters, obligations

    mutating func parameters() {
        var declared: [String: SourceLocation] = [:]
        for pack in set.packs {
            for parameter in pack.parameters {
                if let first = declared[parameter.name] {
                    bag.error(.duplicateID, "parameter '\(parameter.name)' is declared twice (first at \(first))", at: parameter.location,
                              help: "give one parameter several dated values instead")
                    continue
                }
                declared[parameter.name] = parameter.location
                let values = parameter.values.sorted { $0.from < $1.from }
                for (a, b) in zip(values, values.dropFirst()) where a.from == b.from {
                    bag.error(.overlappingPeriod, "parameter '\(parameter.name)' has two values from \(a.from)", at: b.location)
                }
                if let first = values.first {
                    for value in values.dropFirst() where value.value.typeName != first.value.typeName {
                        bag.error(.typeMismatch, "parameter '\(parameter.name)' is \(first.value.typeName) from \(first.from) but \(value.value.typeName) from \(value.from)",
                                  at: value.location)
                    }
                }
                if values.isEmpty {
                    bag.error(.missingKey, "parameter '\(parameter.name)' has no values", at: parameter.location)
                }
                parameterIndex[parameter.name] = policy.parameters.count
                policy.parameters.append(CompiledParameter(name: parameter.name, values: values.map { ($0.from, $0.value, $0.cite) }))
            }
        }
    }

    mutating func counters() {
        var declared: [String: SourceLocation] = [:]
        var pending: [Counter] = []
        for pack in set.packs {
            for counter in pack.counters {
                if let first = declared[counter.name] {
                    bag.error(.duplicateID, "counter '\(counter.name)' is declared twice (first at \(first))", at: counter.location)
                    continue
                }
                declared[counter.name] = counter.location
                counterIndex[counter.name] = pending.count
                pending.append(counter)
            }
        }
        var compiled: [CompiledCounter] = []
        for counter in pending {
            var compiler = conditionCompiler()
            let counts = compiler.item(counter.counts)
            // Counters are read on every date; a parameter without a value on a date makes the
            // counter count the item (fail closed), so no coverage check applies to them.
            bag.append(contentsOf: compiler.bag.diagnostics)
            hints = compiler.hints
            compiled.append(CompiledCounter(name: counter.name, title: counter.title, counts: code.lower(counts)))
        }
        policy.counters = compiled
        var countingSeen = false
        for pack in set.packs {
            guard let counting = pack.counting else { continue }
            if countingSeen {
                bag.error(.duplicateID, "the counting section is declared in more than one pack", at: counting.location)
                continue
            }
            countingSeen = true
            if let index = parameterReference(counting.window) {
                policy.windowParameter = index
                for value in policy.parameters[index].values {
                    guard case .code(let code) = value.value, VolumeWindow.Kind(rawValue: code) != nil else {
                        bag.error(.invalidValue, "the counting window is '\(value.value)' from \(value.from); expected one of \(VolumeWindow.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))",
                                  at: counting.window.location)
                        continue
                    }
                }
            }
            if let reference = counting.exemptedTransfersCount, let index = parameterReference(reference) {
                policy.exemptedCountParameter = index
            }
        }
    }

    mutating func parameterReference(_ reference: Reference) -> Int? {
        guard let index = parameterIndex[reference.name] else {
            bag.error(.undefinedReference, "no parameter named '\(reference.name)'", at: reference.location,
                      help: hints.help(for: reference.name, among: parameterIndex.keys))
            return nil
        }
        return index
    }

    mutating func obligations() {
        for pack in set.packs {
            for obligation in pack.obligations {
                if let first = obligationIndex[obligation.id.name] {
                    bag.error(.duplicateID, "obligation '\(obligation.id.name)' is declared twice (first in \(policy.obligations[Int(first)].id))",
                              at: obligation.id.location)
                    continue
                }
                obligationIndex[obligation.id.name] = Int32(policy.obligations.count)
                var compiled = CompiledObligation(id: obligation.id.name, cite: obligation.cite, title: obligation.title)
                compiled.citeZH = citeZH(obligation.cite, written: obligation.citeZH, at: obligation.id.location)
                policy.obligations.append(compiled)
            }
        }
    }

    mutating func obligationNumbers(_ references: [Reference]) -> [Int32] {
        references.compactMap { reference in
            guard let number = obligationIndex[reference.name] else {
                bag.error(.undefinedReference, "no obligation named '\(reference.name)'", at: reference.location,
                          help: hints.help(for: reference.name, among: obligationIndex.keys))
                return nil
            }
            return number
        }
    }

    /// The Chinese citation: as written in `cite-zh`, else rendered from the English one. One
    /// that cannot be rendered stays English in the zh text, with a warning for the author.
    mutating func citeZH(_ cite: String, written: String?, at location: SourceLocation) -> String {
        if let written { return written }
        if let rendered = chineseCitation.render(cite) { return rendered }
        bag.warning(.untranslatedCitation, "the citation '\(cite)' cannot be given in Chinese: it names no instrument of the vocabulary's 'instruments', or not as 'NAME Art. N(k)'",
                    at: location, help: "declare the instrument under 'instruments:' in the vocabulary, or write 'cite-zh:'")
        return cite
    }

    mutating func outcomeNumber(_ reference: Reference) -> Int32 {
        guard let number = policy.table(.outcomes)[reference.name] else {
            bag.error(.undefinedReference, "unknown outcome '\(reference.name)'", at: reference.location,
                      help: Suggestion.help(for: reference.name, among: policy.table(.outcomes).codes))
            return -1
        }
        return number
    }

    // MARK: rules

    mutating func rules() {
        var firstSeen: [String: SourceLocation] = [:]
        let listIDs = Set(set.lists.map(\.id.name))
        for rules in set.packs.map(\.rules) + [entryRules()] {
            for rule in rules {
                if let first = firstSeen[rule.id.name] {
                    bag.error(.duplicateID, "rule id '\(rule.id.name)' is used twice (first at \(first))", at: rule.id.location)
                    continue
                }
                if listIDs.contains(rule.id.name) {
                    bag.error(.duplicateID, "rule id '\(rule.id.name)' is also a list id", at: rule.id.location)
                }
                firstSeen[rule.id.name] = rule.id.location
                compiledRules.append(rule)
                // The condition compiler holds a copy of the policy: it must be gone before
                // `policy.rules` grows, or every append copies all the rules (10,000 rules took
                // a minute and a half to validate).
                let tree: FlowCondition
                do {
                    var compiler = conditionCompiler()
                    tree = rule.when.map { compiler.flow($0) } ?? .always
                    absorb(compiler, period: rule.period)
                }
                let condition = code.lower(tree)
                ruleIndex[rule.id.name] = Int32(policy.rules.count)
                policy.rules.append(CompiledRule(
                    id: rule.id.name, cite: rule.cite, title: rule.title, pack: rule.pack, period: rule.period,
                    outcome: rule.then.map { outcomeNumber($0) } ?? -1, exemption: rule.exemption, condition: condition, tree: tree,
                    obligations: obligationNumbers(rule.obligations), overrides: [], overridesFinal: rule.overridesFinal,
                    because: rule.because.map { template($0, at: rule.location, period: rule.period) }, location: rule.location))
                policy.rules[policy.rules.count - 1].citeZH = citeZH(rule.cite, written: rule.citeZH, at: rule.location)
            }
        }
        if policy.rules.isEmpty, set.lists.isEmpty {
            bag.error(.emptyPolicy, "the policy set has no rules", at: set.vocabularies.first?.location ?? SourceLocation(path: "<policies>", line: 1, column: 1))
        }
    }

    /// The entries of negative lists that name their own mechanism, as rules: the entry decides
    /// an item it names when the exporter may use the list in that scenario, and (from its
    /// threshold on) requires the mechanism the list names. The item itself leaves the national
    /// rules (the evaluator releases it), since the list's own mechanism replaces them.
    func entryRules() -> [Rule] {
        var rules: [Rule] = []
        for list in set.lists where list.kind == .negative {
            for scenario in list.scenarios {
                for entry in scenario.entries {
                    guard let then = entry.then else { continue }
                    let at = entry.location
                    func field(_ name: String, _ value: String) -> Condition {
                        .field(FieldPath(name: name, location: at), [Test(.equals(Literal(Scalar(text: value, isPlain: false), at: at)), at: at)])
                    }
                    let item = Condition.all([field("category", "\(scenario.code).\(entry.code)")] + (entry.when.map { [$0] } ?? []), at)
                    let parts: [Condition] = (list.eligible.map { [$0] } ?? []) + [field("scenario", scenario.code), .items(.any, item, at, includingReleased: true)]
                    let label = scenario.categories.first { $0.code == entry.code }?.label ?? Bilingual(zh: entry.code, en: entry.code)
                    let outcome = set.vocabularies.lazy.compactMap { $0.sections[.outcomes]?.first { $0.code == then.name }?.label }.first
                        ?? Bilingual(zh: then.name, en: then.name)
                    var rule = Rule(id: Reference("\(list.id.name).\(scenario.code).\(entry.code)", at: at), cite: entry.cite,
                                    title: Bilingual(zh: "\(list.title.zh)：\(label.zh)", en: "\(list.title.en): \(label.en)"), period: list.period,
                                    when: .all(parts, at), then: then, obligations: entry.obligations, overrides: [], overridesFinal: false, exemption: false,
                                    because: Explanation(clauses: [.init(when: nil, text: Bilingual(
                                        zh: "“\(label.zh)”列入\(list.title.zh)（\(scenario.title.zh)），清单规定的出境条件为：\(outcome.zh)",
                                        en: "'\(label.en)' is on \(list.title.en) (\(scenario.title.en)), which requires for it: \(outcome.en)"), location: at)]),
                                    note: nil, pack: list.id.name, location: at)
                    rule.citeZH = entry.citeZH
                    rules.append(rule)
                }
            }
        }
        return rules
    }

    /// Resolves `overrides`, refuses cycles, and orders rules so that an overriding rule is
    /// always looked at before the rules it sets aside.
    mutating func overrides() {
        var sets: [String: [Reference]] = [:]
        for pack in set.packs {
            for ruleSet in pack.ruleSets {
                if sets[ruleSet.name.name] != nil || ruleIndex[ruleSet.name.name] != nil {
                    bag.error(.duplicateID, "rule set '\(ruleSet.name.name)' has the name of another rule set or rule", at: ruleSet.name.location)
                    continue
                }
                sets[ruleSet.name.name] = ruleSet.rules
            }
        }
        let ruleAndSetNames = Array(ruleIndex.keys) + Array(sets.keys)
        for (own, rule) in compiledRules.enumerated() {
            var targets: [Int32] = []
            // A set named in `overrides` stands for its rules; sets do not nest.
            let expanded = rule.overrides.flatMap { sets[$0.name] ?? [$0] }
            for reference in expanded {
                guard let target = ruleIndex[reference.name] else {
                    bag.error(.undefinedReference, "rule '\(rule.id.name)' overrides unknown rule '\(reference.name)'", at: reference.location,
                              help: hints.help(for: reference.name, among: ruleAndSetNames))
                    continue
                }
                if Int(target) == own {
                    bag.error(.overrideCycle, "rule '\(rule.id.name)' overrides itself", at: reference.location)
                    continue
                }
                if !targets.contains(target) { targets.append(target) }
            }
            policy.rules[own].overrides = targets
        }
        // Depth-first topological order; a back edge is a cycle.
        var state = [UInt8](repeating: 0, count: policy.rules.count)  // 0 new, 1 on stack, 2 done
        var order: [Int32] = []
        func visit(_ node: Int32, _ path: [Int32], _ bag: inout DiagnosticBag, _ rules: [CompiledRule]) {
            if state[Int(node)] == 2 { return }
            if state[Int(node)] == 1 {
                let cycle = (path.drop { $0 != node } + [node]).map { rules[Int($0)].id }.joined(separator: " → ")
                bag.error(.overrideCycle, "overrides form a cycle: \(cycle)", at: rules[Int(node)].location,
                          help: "an exception cannot be an exception to itself; remove one of the overrides")
                return
            }
            state[Int(node)] = 1
            for target in rules[Int(node)].overrides { visit(target, path + [node], &bag, rules) }
            state[Int(node)] = 2
            order.append(node)
        }
        for node in policy.rules.indices { visit(Int32(node), [], &bag, policy.rules) }
        ruleOrder = order.reversed()
    }

    // MARK: lists

    mutating func lists() {
        for list in set.lists {
            // Scoped so that its copy of the policy is gone before `policy.lists` grows.
            let eligible: Int32, appliesTo: Int32, unless: Int32, eligibleTree: FlowCondition
            do {
                var compiler = conditionCompiler()
                eligibleTree = list.eligible.map { compiler.flow($0) } ?? .always
                eligible = code.lower(eligibleTree)
                appliesTo = code.lower(list.appliesTo.map { compiler.item($0) } ?? ItemCondition.always)
                unless = list.unless.map { code.lower(compiler.item($0)) } ?? -1
                absorb(compiler, period: list.period)
            }
            var byScenario: [Int32: Set<Int32>] = [:]
            var governed = Set<Int32>()
            if list.kind != .negative, let entry = list.scenarios.lazy.flatMap(\.entries).first {
                bag.error(.invalidValue, "only a negative list's entries name a class or a mechanism; '\(list.id.name)' is a \(list.kind.rawValue) list",
                          at: entry.location)
            }
            for scenario in list.scenarios {
                guard let number = policy.scenarios[scenario.code] else { continue }
                if byScenario[number] != nil {
                    bag.error(.duplicateID, "scenario '\(scenario.code)' appears twice in list '\(list.id.name)'", at: scenario.location)
                }
                if let sector = scenario.sector, policy.table(.sectors)[sector.name] == nil {
                    bag.error(.undefinedReference, "unknown sector '\(sector.name)'", at: sector.location,
                              help: Suggestion.help(for: sector.name, among: policy.table(.sectors).codes))
                }
                byScenario[number] = Set(scenario.categories.compactMap { policy.categories["\(scenario.code).\($0.code)"] })
                for entry in scenario.entries where entry.then != nil {
                    if let category = policy.categories["\(scenario.code).\(entry.code)"] { governed.insert(category) }
                }
            }
            policy.lists.append(CompiledList(
                id: list.id.name, kind: list.kind, cite: list.cite, title: list.title, period: list.period, outcome: outcomeNumber(list.outcome),
                exemption: list.exemption, eligible: eligible, appliesTo: appliesTo, unless: unless, obligations: obligationNumbers(list.obligations),
                categoriesByScenario: byScenario, because: list.because.map { template($0, at: list.location, period: list.period) },
                location: list.location))
            policy.lists[policy.lists.count - 1].citeZH = citeZH(list.cite, written: list.citeZH, at: list.location)
            policy.lists[policy.lists.count - 1].scenarioObligations = obligationNumbers(list.scenarioObligations)
            policy.lists[policy.lists.count - 1].governedCategories = governed
            policy.lists[policy.lists.count - 1].eligibleTree = eligibleTree
        }
    }

    mutating func reclassifications() {
        for pack in set.packs {
            for reclassification in pack.reclassifications {
                // Scoped so that its copy of the policy is gone before `policy.reclassifications` grows.
                let condition: Int32
                do {
                    var compiler = conditionCompiler()
                    condition = code.lower(compiler.item(reclassification.when))
                    absorb(compiler, period: reclassification.period)
                }
                guard let toClass = policy.table(.classes)[reclassification.toClass.name] else {
                    bag.error(.undefinedReference, "unknown data class '\(reclassification.toClass.name)'", at: reclassification.toClass.location,
                              help: Suggestion.help(for: reclassification.toClass.name, among: policy.table(.classes).codes))
                    continue
                }
                policy.reclassifications.append(CompiledReclassification(id: reclassification.id.name, cite: reclassification.cite,
                                                                         period: reclassification.period, condition: condition, toClass: toClass))
            }
        }
        // A list that designates an entry as (say) important data publishes it as such
        // (Provisions Art. 2): an item naming the entry takes that class, whoever exports it.
        for list in set.lists {
            for scenario in list.scenarios {
                for entry in scenario.entries {
                    guard let designated = entry.designates else { continue }
                    guard let toClass = policy.table(.classes)[designated.name] else {
                        bag.error(.undefinedReference, "unknown data class '\(designated.name)'", at: designated.location,
                                  help: Suggestion.help(for: designated.name, among: policy.table(.classes).codes))
                        continue
                    }
                    var compiler = conditionCompiler()
                    let at = entry.location
                    let test = Test(.equals(Literal(Scalar(text: "\(scenario.code).\(entry.code)", isPlain: false), at: at)), at: at)
                    let condition = code.lower(compiler.item(.field(FieldPath(name: "category", location: at), [test])))
                    absorb(compiler, period: list.period)
                    policy.reclassifications.append(CompiledReclassification(id: "\(list.id.name).\(scenario.code).\(entry.code)", cite: entry.cite,
                                                                             period: list.period, condition: condition, toClass: toClass))
                }
            }
        }
    }

    /// A rule that names a parameter must find a value for it on every day it is in force.
    mutating func parameterCoverage() {
        for use in parameterUses {
            let parameter = policy.parameters[use.index]
            guard let first = parameter.values.first?.from else { continue }
            if let start = use.period.start, start >= first { continue }
            let from = use.period.start.map { "from \($0)" } ?? "at all times"
            bag.error(.parameterGap, "parameter '\(parameter.name)' has no value before \(first), but it is used \(from)", at: use.location,
                      help: "give the parameter a value from \(use.period.start?.description ?? "the rule's first day") or give the rule 'in-force:'")
        }
    }

    // MARK: epochs

    mutating func epochs() {
        var boundaries = Set<Day>()
        func add(_ period: Period) {
            if let start = period.start { boundaries.insert(start) }
            if let end = period.end { boundaries.insert(end.adding(days: 1)) }
        }
        policy.rules.forEach { add($0.period) }
        policy.lists.forEach { add($0.period) }
        policy.reclassifications.forEach { add($0.period) }
        for parameter in policy.parameters { for value in parameter.values { boundaries.insert(value.from) } }
        let starts = [Day(ordinal: Int32.min)] + boundaries.sorted()
        let purposeCount = policy.table(.purposes).count
        let table = policy.ruleTable
        policy.epochs = starts.map { start in
            let values = policy.parameters.map { parameter in parameter.values.last { $0.from <= start }?.value }
            let rules = ruleOrder.filter { policy.rules[Int($0)].period.contains(start) }
            // Bucket purposeCount holds the rules for a flow with no purpose at all.
            let byPurpose = (0...purposeCount).map { purpose in
                rules.filter { rule in
                    guard let allowed = table.admittedCodes[Int(rule)][FlowSlot.purpose.rawValue] else { return true }
                    return purpose < allowed.count && allowed[purpose]
                }
            }
            var window: VolumeWindow.Kind?
            if let index = policy.windowParameter, case .code(let code)? = values[index] { window = VolumeWindow.Kind(rawValue: code) }
            var read = Set<Int>()
            for rule in rules { policy.rules[Int(rule)].tree.countersRead(into: &read) }
            var epoch = Epoch(
                start: start,
                rules: rules,
                lists: policy.lists.indices.filter { policy.lists[$0].period.contains(start) }.map { Int32($0) },
                reclassifications: policy.reclassifications.indices.filter { policy.reclassifications[$0].period.contains(start) }.map { Int32($0) },
                parameters: ParameterValues(values: values), rulesByPurpose: byPurpose, window: window)
            epoch.countersInForce = policy.counters.indices.map { read.contains($0) }
            return epoch
        }
    }

    // MARK: explanations

    mutating func template(_ explanation: Explanation, at location: SourceLocation, period: Period) -> ExplanationTemplate {
        ExplanationTemplate(clauses: explanation.clauses.map { clause in
            var condition: Int32 = -1
            if let when = clause.when {
                var compiler = conditionCompiler()
                condition = code.lower(compiler.flow(when))
                absorb(compiler, period: period)
            }
            return ExplanationTemplate.Clause(condition: condition, en: pieces(clause.text.en, at: clause.location, period: period),
                                              zh: pieces(clause.text.zh, at: clause.location, period: period))
        })
    }

    mutating func pieces(_ text: String, at location: SourceLocation, period: Period) -> [ExplanationTemplate.Piece] {
        var pieces: [ExplanationTemplate.Piece] = []
        // Braces are searched as bytes: the Chinese text around them would otherwise be cut into
        // grapheme clusters, which made this the costliest step of compiling explanations.
        let bytes = text.utf8
        var rest = bytes[...]
        while let open = rest.firstIndex(of: UInt8(ascii: "{")) {
            if open > rest.startIndex { pieces.append(.text(String(Substring(rest[..<open])))) }
            guard let close = rest[open...].firstIndex(of: UInt8(ascii: "}")) else {
                pieces.append(.text(String(Substring(rest[open...]))))
                rest = rest[rest.endIndex...]
                break
            }
            let name = String(Substring(rest[bytes.index(after: open)..<close]))
            if let piece = placeholder(name) {
                pieces.append(piece)
            } else {
                bag.error(.undefinedReference, "the explanation names '{\(name)}', which is neither a counter nor a parameter", at: location,
                          help: "use {persons.COUNTER}, {this-flow.COUNTER}, {prior.COUNTER} or {PARAMETER}")
            }
            rest = rest[bytes.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(Substring(rest)))) }
        return pieces
    }

    func placeholder(_ name: String) -> ExplanationTemplate.Piece? {
        if let index = parameterIndex[name] { return .parameter(index) }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let counter = counterIndex[parts[1]] else { return nil }
        switch parts[0] {
        case "persons": return .number(.persons(counter))
        case "this-flow": return .number(.thisFlow(counter))
        case "prior": return .number(.prior(counter))
        default: return nil
        }
    }
}
