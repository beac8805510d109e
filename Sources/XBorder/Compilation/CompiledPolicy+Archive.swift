/// The compiled policy as bytes, for the policy cache, and back.
///
/// Every stored part is written except those the compiler derives from the others at its end
/// (the rule table, the evaluation index), which are derived again here by the same code. The
/// cache's tests compare a policy read back with a freshly compiled one, decision by decision
/// and part by part, so that a part added to `CompiledPolicy` and not written here fails them.
extension CompiledPolicy {
    /// Source paths are stored relative to `root` (the policy folder), so that a copy of the
    /// folder elsewhere, which has the same digest, reads back with its own paths.
    func archived(root: String) -> [UInt8] {
        var out = PolicyArchiveWriter(w: ArchiveWriter(), root: root)
        out.policy(self)
        return out.w.bytes
    }

    static func unarchived(_ bytes: [UInt8], root: String) throws(ArchiveError) -> CompiledPolicy {
        var reader = PolicyArchiveReader(r: ArchiveReader(bytes), root: root)
        let policy = try reader.policy()
        guard reader.r.isAtEnd else { throw reader.r.error() }
        return policy
    }
}

private struct PolicyArchiveWriter {
    var w: ArchiveWriter
    let root: String

    mutating func policy(_ p: CompiledPolicy) {
        w.string(p.digest)
        w.array(p.packs) { w, pack in
            w.string(pack.id)
            w.optional(pack.version) { $0.string($1) }
        }
        let sections = VocabularySection.allCases.filter { p.codes[$0] != nil }
        w.array(sections) { w, section in
            w.string(section.rawValue)
            Self.table(&w, p.codes[section] ?? CodeTable())
        }
        Self.table(&w, p.scenarios)
        Self.table(&w, p.categories)
        w.int32s(p.negativeListScenarios.sorted())
        w.int32s(p.negativeListCategories.sorted())
        Self.table(&w, p.catalogEntries)
        w.array(p.catalog) { w, entry in
            w.int32(entry.dataClass)
            w.optional(entry.minors) { $0.bool($1) }
            w.uint64(entry.features)
        }
        w.bools(p.finalOutcomes)
        w.int32(p.fallbackOutcome)
        w.int32s(p.zoneParents)
        w.array(p.defaults.sorted { $0.key < $1.key }) { w, pair in
            w.string(pair.key)
            w.int32(pair.value)
        }
        w.optional(p.coverage) { w, coverage in
            w.int32(coverage.from.ordinal)
            w.string(coverage.cite)
        }
        w.array(p.parameters) { w, parameter in
            w.string(parameter.name)
            w.array(parameter.values) { w, value in
                w.int32(value.from.ordinal)
                Self.literal(&w, value.value)
                w.string(value.cite)
            }
        }
        w.array(p.counters) { w, counter in
            w.string(counter.name)
            w.optional(counter.title) { Self.bilingual(&$0, $1) }
            w.int32(counter.counts)
        }
        w.optional(p.windowParameter) { $0.int($1) }
        w.optional(p.exemptedCountParameter) { $0.int($1) }
        w.int(p.rules.count)
        for rule in p.rules { self.rule(rule) }
        w.int(p.lists.count)
        for list in p.lists { self.list(list) }
        w.array(p.reclassifications) { w, r in
            w.string(r.id)
            w.string(r.cite)
            Self.period(&w, r.period)
            w.int32(r.condition)
            w.int32(r.toClass)
        }
        w.array(p.obligations) { w, o in
            w.string(o.id)
            w.string(o.cite)
            w.string(o.citeZH)
            Self.bilingual(&w, o.title)
        }
        w.array(p.epochs) { w, e in
            w.int32(e.start.ordinal)
            w.int32s(e.rules)
            w.int32s(e.lists)
            w.int32s(e.reclassifications)
            w.array(e.parameters.values) { w, value in w.optional(value) { Self.literal(&$0, $1) } }
            w.array(e.rulesByPurpose) { $0.int32s($1) }
            w.optional(e.window) { $0.string($1.rawValue) }
            w.bools(e.countersInForce)
        }
        code(p.code)
    }

    mutating func rule(_ rule: CompiledRule) {
        w.string(rule.id)
        w.string(rule.cite)
        w.string(rule.citeZH)
        w.optional(rule.title) { Self.bilingual(&$0, $1) }
        w.string(rule.pack)
        Self.period(&w, rule.period)
        w.int32(rule.outcome)
        w.bool(rule.exemption)
        w.int32(rule.condition)
        Self.flow(&w, rule.tree)
        w.int32s(rule.obligations)
        w.int32s(rule.overrides)
        w.bool(rule.overridesFinal)
        w.optional(rule.because) { Self.template(&$0, $1) }
        location(rule.location)
    }

    mutating func list(_ list: CompiledList) {
        w.string(list.id)
        w.string(list.kind.rawValue)
        w.string(list.cite)
        w.string(list.citeZH)
        Self.bilingual(&w, list.title)
        Self.period(&w, list.period)
        w.int32(list.outcome)
        w.bool(list.exemption)
        w.int32(list.eligible)
        w.int32(list.appliesTo)
        w.int32(list.unless)
        Self.flow(&w, list.eligibleTree)
        w.int32s(list.obligations)
        w.int32s(list.scenarioObligations)
        w.int32s(list.governedCategories.sorted())
        w.array(list.categoriesByScenario.sorted { $0.key < $1.key }) { w, pair in
            w.int32(pair.key)
            w.int32s(pair.value.sorted())
        }
        w.optional(list.because) { Self.template(&$0, $1) }
        location(list.location)
    }

    mutating func location(_ location: SourceLocation) {
        if location.path.hasPrefix(root) {
            w.bool(true)
            w.string(String(location.path.dropFirst(root.count)))
        } else {
            w.bool(false)
            w.string(location.path)
        }
        w.int(location.line)
        w.int(location.column)
    }

    mutating func code(_ code: ConditionCode) {
        w.array(Array(code.instructions)) { Self.instruction(&$0, $1) }
        w.int32s(Array(code.children))
        w.array(Array(code.words)) { $0.uint64($1) }
        w.array(Array(code.bounds)) { Self.bound(&$0, $1) }
    }

    static func table(_ w: inout ArchiveWriter, _ table: CodeTable) {
        w.array(Array(zip(table.codes, table.labels))) { w, entry in
            w.string(entry.0)
            bilingual(&w, entry.1)
        }
    }

    static func bilingual(_ w: inout ArchiveWriter, _ text: Bilingual) {
        w.string(text.zh)
        w.string(text.en)
    }

    static func period(_ w: inout ArchiveWriter, _ period: Period) {
        w.optional(period.start) { $0.int32($1.ordinal) }
        w.optional(period.end) { $0.int32($1.ordinal) }
    }

    static func literal(_ w: inout ArchiveWriter, _ literal: ParameterLiteral) {
        switch literal {
        case .integer(let n): w.tag(0); w.int(n)
        case .boolean(let b): w.tag(1); w.bool(b)
        case .code(let c): w.tag(2); w.string(c)
        }
    }

    static func template(_ w: inout ArchiveWriter, _ template: ExplanationTemplate) {
        w.array(template.clauses) { w, clause in
            w.int32(clause.condition)
            for pieces in [clause.en, clause.zh] {
                w.array(pieces) { w, piece in
                    switch piece {
                    case .text(let text): w.tag(0); w.string(text)
                    case .number(let field): w.tag(1); numberField(&w, field)
                    case .parameter(let index): w.tag(2); w.int(index)
                    }
                }
            }
        }
    }

    static func numberField(_ w: inout ArchiveWriter, _ field: NumberField) {
        switch field {
        case .processes: w.tag(0)
        case .persons(let k): w.tag(1); w.int(k)
        case .thisFlow(let k): w.tag(2); w.int(k)
        case .prior(let k): w.tag(3); w.int(k)
        }
    }

    static func bound(_ w: inout ArchiveWriter, _ bound: Bound) {
        let relation: UInt8 = switch bound.relation {
        case .atLeast: 0
        case .below: 1
        case .above: 2
        case .atMost: 3
        case .equals: 4
        }
        w.tag(relation)
        switch bound.amount {
        case .number(let n): w.tag(0); w.int(n)
        case .parameter(let index): w.tag(1); w.int(index)
        }
    }

    static func flow(_ w: inout ArchiveWriter, _ condition: FlowCondition) {
        switch condition {
        case .always: w.tag(0)
        case .all(let parts): w.tag(1); w.array(parts) { flow(&$0, $1) }
        case .any(let parts): w.tag(2); w.array(parts) { flow(&$0, $1) }
        case .not(let part): w.tag(3); flow(&w, part)
        case .items(let quantifier, let item, let released):
            w.tag(4); w.string(quantifier.rawValue); self.item(&w, item); w.bool(released)
        case .parameter(let index): w.tag(5); w.int(index)
        case .code(let slot, let allowed): w.tag(6); w.int(slot.rawValue); w.bools(allowed)
        case .number(let field, let bounds): w.tag(7); numberField(&w, field); w.array(bounds) { bound(&$0, $1) }
        case .country(let codes, let negated): w.tag(8); w.array(codes.sorted()) { $0.string($1) }; w.bool(negated)
        case .present(let slot, let present): w.tag(9); w.int(slot.rawValue); w.bool(present)
        case .processesPresent(let present): w.tag(10); w.bool(present)
        }
    }

    static func item(_ w: inout ArchiveWriter, _ condition: ItemCondition) {
        switch condition {
        case .always: w.tag(0)
        case .all(let parts): w.tag(1); w.array(parts) { item(&$0, $1) }
        case .any(let parts): w.tag(2); w.array(parts) { item(&$0, $1) }
        case .not(let part): w.tag(3); item(&w, part)
        case .parameter(let index): w.tag(4); w.int(index)
        case .code(let slot, let allowed): w.tag(5); w.int(slot.rawValue); w.bools(allowed)
        case .individuals(let bounds): w.tag(6); w.array(bounds) { bound(&$0, $1) }
        case .featuresAny(let mask): w.tag(7); w.uint64(mask)
        case .featuresNone(let mask): w.tag(8); w.uint64(mask)
        case .present(let slot, let present): w.tag(9); w.int(slot.rawValue); w.bool(present)
        }
    }

    static func instruction(_ w: inout ArchiveWriter, _ instruction: Instruction) {
        func span(_ tag: UInt8, _ first: Int32, _ count: Int32) {
            w.tag(tag); w.int32(first); w.int32(count)
        }
        switch instruction {
        case .always: w.tag(0)
        case .all(let first, let count): span(1, first, count)
        case .any(let first, let count): span(2, first, count)
        case .not(let part): w.tag(3); w.int32(part)
        case .items(let quantifier, let root, let released): w.tag(4); w.string(quantifier.rawValue); w.int32(root); w.bool(released)
        case .parameter(let index): w.tag(5); w.int32(index)
        case .code(let slot, let first, let count): w.tag(6); w.int(slot.rawValue); w.int32(first); w.int32(count)
        case .number(let field, let first, let count): w.tag(7); numberField(&w, field); w.int32(first); w.int32(count)
        case .country(let first, let negated): w.tag(8); w.int32(first); w.bool(negated)
        case .present(let slot, let present): w.tag(9); w.int(slot.rawValue); w.bool(present)
        case .processesPresent(let present): w.tag(10); w.bool(present)
        case .itemCode(let slot, let first, let count): w.tag(11); w.int(slot.rawValue); w.int32(first); w.int32(count)
        case .individuals(let first, let count): span(12, first, count)
        case .featuresAny(let mask): w.tag(13); w.uint64(mask)
        case .featuresNone(let mask): w.tag(14); w.uint64(mask)
        case .itemPresent(let slot, let present): w.tag(15); w.int(slot.rawValue); w.bool(present)
        case .itemClasses(let quantifier, let mask, let released): w.tag(16); w.string(quantifier.rawValue); w.uint64(mask); w.bool(released)
        }
    }
}
