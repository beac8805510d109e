/// Reads a compiled policy back from the bytes `CompiledPolicy.archived(root:)` wrote, in the
/// same order; an unknown tag, a number out of range or a short file is an `ArchiveError`.
struct PolicyArchiveReader {
    typealias Failure = ArchiveError

    var r: ArchiveReader
    let root: String

    mutating func policy() throws(Failure) -> CompiledPolicy {
        let digest = try r.string()
        let packs = try r.array { (r) throws(Failure) in PackInfo(id: try r.string(), version: try r.optional { (r) throws(Failure) in try r.string() }) }
        let sections = try r.array { (r) throws(Failure) in (try r.raw(VocabularySection.self), try Self.table(&r)) }
        var codes: [VocabularySection: CodeTable] = [:]
        for (section, table) in sections { codes[section] = table }
        var p = CompiledPolicy(digest: digest, packs: packs, codes: codes)
        p.scenarios = try Self.table(&r)
        p.categories = try Self.table(&r)
        p.negativeListScenarios = Set(try r.int32s())
        p.negativeListCategories = Set(try r.int32s())
        p.catalogEntries = try Self.table(&r)
        p.catalog = try r.array { (r) throws(Failure) in
            CatalogInfo(dataClass: try r.int32(), minors: try r.optional { (r) throws(Failure) in try r.bool() }, features: try r.uint64())
        }
        p.finalOutcomes = try r.bools()
        p.fallbackOutcome = try r.int32()
        p.zoneParents = try r.int32s()
        for (key, value) in try r.array({ (r) throws(Failure) in (try r.string(), try r.int32()) }) { p.defaults[key] = value }
        p.coverage = try r.optional { (r) throws(Failure) in (from: Day(ordinal: try r.int32()), cite: try r.string()) }
        p.parameters = try r.array { (r) throws(Failure) in
            CompiledParameter(name: try r.string(), values: try r.array { (r) throws(Failure) in
                (from: Day(ordinal: try r.int32()), value: try Self.literal(&r), cite: try r.string())
            })
        }
        p.counters = try r.array { (r) throws(Failure) in
            CompiledCounter(name: try r.string(), title: try r.optional { (r) throws(Failure) in try Self.bilingual(&r) }, counts: try r.int32())
        }
        p.windowParameter = try r.optional { (r) throws(Failure) in try r.int() }
        p.exemptedCountParameter = try r.optional { (r) throws(Failure) in try r.int() }
        let ruleCount = try r.count()
        for _ in 0..<ruleCount { p.rules.append(try rule()) }
        let listCount = try r.count()
        for _ in 0..<listCount { p.lists.append(try list()) }
        p.reclassifications = try r.array { (r) throws(Failure) in
            CompiledReclassification(id: try r.string(), cite: try r.string(), period: try Self.period(&r), condition: try r.int32(), toClass: try r.int32())
        }
        p.obligations = try r.array { (r) throws(Failure) in
            CompiledObligation(id: try r.string(), cite: try r.string(), citeZH: try r.string(), title: try Self.bilingual(&r))
        }
        p.epochs = try r.array { (r) throws(Failure) in
            let start = Day(ordinal: try r.int32())
            let rules = try r.int32s(), lists = try r.int32s(), reclassifications = try r.int32s()
            let values = try r.array { (r) throws(Failure) in try r.optional { (r) throws(Failure) in try Self.literal(&r) } }
            let byPurpose = try r.array { (r) throws(Failure) in try r.int32s() }
            let window = try r.optional { (r) throws(Failure) in try r.raw(VolumeWindow.Kind.self) }
            var epoch = Epoch(start: start, rules: rules, lists: lists, reclassifications: reclassifications,
                              parameters: ParameterValues(values: values), rulesByPurpose: byPurpose, window: window)
            epoch.countersInForce = try r.bools()
            return epoch
        }
        p.code = try code()
        // What the compiler's last passes derive from the parts above, derived by the same code.
        p.ruleTable = RuleTable(p.rules)
        p.index = EvaluationIndex(p)
        return p
    }

    mutating func rule() throws(Failure) -> CompiledRule {
        CompiledRule(id: try r.string(), cite: try r.string(), citeZH: try r.string(),
                     title: try r.optional { (r) throws(Failure) in try Self.bilingual(&r) }, pack: try r.string(),
                     period: try Self.period(&r), outcome: try r.int32(), exemption: try r.bool(), condition: try r.int32(),
                     tree: try Self.flow(&r), obligations: try r.int32s(), overrides: try r.int32s(), overridesFinal: try r.bool(),
                     because: try r.optional { (r) throws(Failure) in try Self.template(&r) }, location: try location())
    }

    mutating func list() throws(Failure) -> CompiledList {
        let id = try r.string(), kind = try r.raw(DataList.Kind.self), cite = try r.string(), citeZH = try r.string()
        let title = try Self.bilingual(&r), period = try Self.period(&r), outcome = try r.int32(), exemption = try r.bool()
        let eligible = try r.int32(), appliesTo = try r.int32(), unless = try r.int32()
        let eligibleTree = try Self.flow(&r)
        let obligations = try r.int32s(), scenarioObligations = try r.int32s()
        let governed = Set(try r.int32s())
        var byScenario: [Int32: Set<Int32>] = [:]
        for (scenario, categories) in try r.array({ (r) throws(Failure) in (try r.int32(), Set(try r.int32s())) }) { byScenario[scenario] = categories }
        let because = try r.optional { (r) throws(Failure) in try Self.template(&r) }
        return CompiledList(id: id, kind: kind, cite: cite, citeZH: citeZH, title: title, period: period, outcome: outcome, exemption: exemption,
                            eligible: eligible, appliesTo: appliesTo, unless: unless, eligibleTree: eligibleTree, obligations: obligations,
                            scenarioObligations: scenarioObligations, governedCategories: governed, categoriesByScenario: byScenario,
                            because: because, location: try location())
    }

    mutating func location() throws(Failure) -> SourceLocation {
        let relative = try r.bool()
        let path = try r.string()
        return SourceLocation(path: relative ? root + path : path, line: try r.int(), column: try r.int())
    }

    mutating func code() throws(Failure) -> ConditionCode {
        var builder = ConditionCodeBuilder()
        builder.instructions = try r.array { (r) throws(Failure) in try Self.instruction(&r) }
        builder.children = try r.int32s()
        builder.words = try r.array { (r) throws(Failure) in try r.uint64() }
        builder.bounds = try r.array { (r) throws(Failure) in try Self.bound(&r) }
        try Self.check(builder, &r)
        return ConditionCode(builder)
    }

    /// Every index an instruction holds points inside the arrays: the evaluator reads them
    /// without bounds checks.
    static func check(_ code: ConditionCodeBuilder, _ r: inout ArchiveReader) throws(Failure) {
        func within(_ first: Int32, _ count: Int32, _ size: Int) -> Bool {
            first >= 0 && count >= 0 && Int(first) + Int(count) <= size
        }
        let n = code.instructions.count
        for child in code.children where child < 0 || Int(child) >= n { throw r.error() }
        for instruction in code.instructions {
            let ok: Bool = switch instruction {
            case .all(let first, let count), .any(let first, let count): within(first, count, code.children.count)
            case .not(let part), .items(_, let part, _): part >= 0 && Int(part) < n
            case .code(_, let first, let count), .itemCode(_, let first, let count): within(first, count, code.words.count)
            case .number(_, let first, let count), .individuals(let first, let count): within(first, count, code.bounds.count)
            case .country(let first, _): within(first, Int32((ConditionCodeBuilder.countrySlots + 63) / 64), code.words.count)
            case .always, .parameter, .present, .processesPresent, .featuresAny, .featuresNone, .itemPresent, .itemClasses: true
            }
            if !ok { throw r.error() }
        }
    }

    static func table(_ r: inout ArchiveReader) throws(Failure) -> CodeTable {
        var table = CodeTable()
        let count = try r.count()
        for _ in 0..<count { table.add(try r.string(), label: try bilingual(&r)) }
        return table
    }

    static func bilingual(_ r: inout ArchiveReader) throws(Failure) -> Bilingual {
        Bilingual(zh: try r.string(), en: try r.string())
    }

    static func period(_ r: inout ArchiveReader) throws(Failure) -> Period {
        Period(start: try r.optional { (r) throws(Failure) in Day(ordinal: try r.int32()) },
               end: try r.optional { (r) throws(Failure) in Day(ordinal: try r.int32()) })
    }

    static func literal(_ r: inout ArchiveReader) throws(Failure) -> ParameterLiteral {
        switch try r.tag() {
        case 0: return .integer(try r.int())
        case 1: return .boolean(try r.bool())
        case 2: return .code(try r.string())
        default: throw r.error()
        }
    }

    static func template(_ r: inout ArchiveReader) throws(Failure) -> ExplanationTemplate {
        func pieces(_ r: inout ArchiveReader) throws(Failure) -> [ExplanationTemplate.Piece] {
            try r.array { (r) throws(Failure) -> ExplanationTemplate.Piece in
                switch try r.tag() {
                case 0: return .text(try r.string())
                case 1: return .number(try numberField(&r))
                case 2: return .parameter(try r.int())
                default: throw r.error()
                }
            }
        }
        return ExplanationTemplate(clauses: try r.array { (r) throws(Failure) in
            ExplanationTemplate.Clause(condition: try r.int32(), en: try pieces(&r), zh: try pieces(&r))
        })
    }

    static func numberField(_ r: inout ArchiveReader) throws(Failure) -> NumberField {
        switch try r.tag() {
        case 0: return .processes
        case 1: return .persons(try r.int())
        case 2: return .thisFlow(try r.int())
        case 3: return .prior(try r.int())
        default: throw r.error()
        }
    }

    static func bound(_ r: inout ArchiveReader) throws(Failure) -> Bound {
        let relation: Bound.Relation
        switch try r.tag() {
        case 0: relation = .atLeast
        case 1: relation = .below
        case 2: relation = .above
        case 3: relation = .atMost
        case 4: relation = .equals
        default: throw r.error()
        }
        switch try r.tag() {
        case 0: return Bound(relation: relation, amount: .number(try r.int()))
        case 1: return Bound(relation: relation, amount: .parameter(try r.int()))
        default: throw r.error()
        }
    }

    static func flowSlot(_ r: inout ArchiveReader) throws(Failure) -> FlowSlot {
        guard let slot = FlowSlot(rawValue: try r.int()) else { throw r.error() }
        return slot
    }

    static func itemSlot(_ r: inout ArchiveReader) throws(Failure) -> ItemSlot {
        guard let slot = ItemSlot(rawValue: try r.int()) else { throw r.error() }
        return slot
    }

    static func flow(_ r: inout ArchiveReader) throws(Failure) -> FlowCondition {
        switch try r.tag() {
        case 0: return .always
        case 1: return .all(try r.array { (r) throws(Failure) in try flow(&r) })
        case 2: return .any(try r.array { (r) throws(Failure) in try flow(&r) })
        case 3: return .not(try flow(&r))
        case 4: return .items(try r.raw(Quantifier.self), try item(&r), includingReleased: try r.bool())
        case 5: return .parameter(try r.int())
        case 6: return .code(try flowSlot(&r), try r.bools())
        case 7: return .number(try numberField(&r), try r.array { (r) throws(Failure) in try bound(&r) })
        case 8: return .country(Set(try r.array { (r) throws(Failure) in try r.string() }), negated: try r.bool())
        case 9: return .present(try flowSlot(&r), try r.bool())
        case 10: return .processesPresent(try r.bool())
        default: throw r.error()
        }
    }

    static func item(_ r: inout ArchiveReader) throws(Failure) -> ItemCondition {
        switch try r.tag() {
        case 0: return .always
        case 1: return .all(try r.array { (r) throws(Failure) in try item(&r) })
        case 2: return .any(try r.array { (r) throws(Failure) in try item(&r) })
        case 3: return .not(try item(&r))
        case 4: return .parameter(try r.int())
        case 5: return .code(try itemSlot(&r), try r.bools())
        case 6: return .individuals(try r.array { (r) throws(Failure) in try bound(&r) })
        case 7: return .featuresAny(try r.uint64())
        case 8: return .featuresNone(try r.uint64())
        case 9: return .present(try itemSlot(&r), try r.bool())
        default: throw r.error()
        }
    }

    static func instruction(_ r: inout ArchiveReader) throws(Failure) -> Instruction {
        switch try r.tag() {
        case 0: return .always
        case 1: return .all(first: try r.int32(), count: try r.int32())
        case 2: return .any(first: try r.int32(), count: try r.int32())
        case 3: return .not(try r.int32())
        case 4: return .items(try r.raw(Quantifier.self), root: try r.int32(), includingReleased: try r.bool())
        case 5: return .parameter(try r.int32())
        case 6: return .code(try flowSlot(&r), first: try r.int32(), count: try r.int32())
        case 7: return .number(try numberField(&r), first: try r.int32(), count: try r.int32())
        case 8: return .country(first: try r.int32(), negated: try r.bool())
        case 9: return .present(try flowSlot(&r), try r.bool())
        case 10: return .processesPresent(try r.bool())
        case 11: return .itemCode(try itemSlot(&r), first: try r.int32(), count: try r.int32())
        case 12: return .individuals(first: try r.int32(), count: try r.int32())
        case 13: return .featuresAny(try r.uint64())
        case 14: return .featuresNone(try r.uint64())
        case 15: return .itemPresent(try itemSlot(&r), try r.bool())
        case 16: return .itemClasses(try r.raw(Quantifier.self), mask: try r.uint64(), includingReleased: try r.bool())
        default: throw r.error()
        }
    }
}
