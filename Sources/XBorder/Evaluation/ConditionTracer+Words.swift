/// The words of the trace: conditions as the policy language writes them, and what the flow has
/// where it misses one.
extension ConditionTracer {
    // MARK: what a condition says

    func describe(_ condition: FlowCondition) -> Bilingual {
        switch condition {
        case .always: return Bilingual(zh: "总是适用", en: "always")
        case .all(let parts):
            let said = parts.map(describe)
            return Bilingual(zh: said.map(\.zh).joined(separator: "，且"), en: said.map(\.en).joined(separator: " and "))
        case .any(let parts):
            let said = parts.map(describe)
            return Bilingual(zh: "下列之一：" + said.map { "（\($0.zh)）" }.joined(separator: "或"),
                             en: "one of: " + said.map { "(\($0.en))" }.joined(separator: " or "))
        case .not(let part):
            let said = describe(part)
            return Bilingual(zh: "并非：\(said.zh)", en: "not: \(said.en)")
        case .items(let quantifier, let part, let includingReleased):
            let said = describe(part)
            let key = includingReleased ? "all-items" : "items"
            let zh: String = switch quantifier {
            case .any: includingReleased ? "任一数据项（含清单放行的）" : "任一数据项"
            case .all: includingReleased ? "每一数据项（含清单放行的）" : "每一数据项"
            case .none: includingReleased ? "没有数据项（含清单放行的）" : "没有数据项"
            }
            return Bilingual(zh: "\(zh)：\(said.zh)", en: "\(key) \(quantifier.rawValue): \(said.en)")
        case .parameter(let index):
            let name = parameterName(index)
            return Bilingual(zh: "参数 \(name) 为 true", en: "parameter \(name) is true")
        case .code(let slot, let allowed):
            return codeTest(Self.name(slot), allowed, table: table(slot), zones: Self.isZone(slot))
        case .number(let field, let bounds):
            return boundsText(name(field), bounds)
        case .country(let codes, let negated):
            let list = codes.sorted()
            if list.count == 1 {
                return negated ? Bilingual(zh: "recipient.country 不为 \(list[0])", en: "recipient.country is not \(list[0])")
                               : Bilingual(zh: "recipient.country 为 \(list[0])", en: "recipient.country is \(list[0])")
            }
            let joined = list.joined(separator: ", ")
            return negated ? Bilingual(zh: "recipient.country 不属于 [\(joined)]", en: "recipient.country not-in [\(joined)]")
                           : Bilingual(zh: "recipient.country 属于 [\(joined)]", en: "recipient.country in [\(joined)]")
        case .present(let slot, let wanted): return presence(Self.name(slot), wanted)
        case .processesPresent(let wanted): return presence("exporter.processes", wanted)
        }
    }

    func describe(_ condition: ItemCondition) -> Bilingual {
        switch condition {
        case .always: return Bilingual(zh: "任何数据项", en: "any item")
        case .all(let parts):
            let said = parts.map(describe)
            return Bilingual(zh: said.map(\.zh).joined(separator: "，且"), en: said.map(\.en).joined(separator: " and "))
        case .any(let parts):
            let said = parts.map(describe)
            return Bilingual(zh: "下列之一：" + said.map { "（\($0.zh)）" }.joined(separator: "或"),
                             en: "one of: " + said.map { "(\($0.en))" }.joined(separator: " or "))
        case .not(let part):
            let said = describe(part)
            return Bilingual(zh: "并非：\(said.zh)", en: "not: \(said.en)")
        case .parameter(let index):
            let name = parameterName(index)
            return Bilingual(zh: "参数 \(name) 为 true", en: "parameter \(name) is true")
        case .code(let slot, let allowed):
            return codeTest(Self.name(slot), allowed, table: table(slot), zones: false)
        case .individuals(let bounds): return boundsText("individuals", bounds)
        case .featuresAny(let mask):
            let names = featureNames(mask).joined(separator: ", ")
            return Bilingual(zh: "features 含 [\(names)] 之一", en: "features include one of [\(names)]")
        case .featuresNone(let mask):
            let names = featureNames(mask).joined(separator: ", ")
            return Bilingual(zh: "features 不含 [\(names)]", en: "features include none of [\(names)]")
        case .present(let slot, let wanted): return presence(Self.name(slot), wanted)
        }
    }

    func presence(_ field: String, _ wanted: Bool) -> Bilingual {
        wanted ? Bilingual(zh: "已说明 \(field)", en: "\(field) is given") : Bilingual(zh: "未说明 \(field)", en: "\(field) is not given")
    }

    /// A code test as the policy language writes it: `is`, `in`, `not-in` or `within`.
    func codeTest(_ field: String, _ allowed: [Bool], table: CodeTable?, zones: Bool) -> Bilingual {
        let chosen = allowed.indices.filter { allowed[$0] }.map(Int32.init)
        guard let table else {
            // true/false
            let values = chosen.map { $0 == 1 ? "true" : "false" }
            if values.count == 1 { return Bilingual(zh: "\(field) 为 \(values[0])", en: "\(field) is \(values[0])") }
            return Bilingual(zh: "\(field) 为 true 或 false", en: "\(field) is true or false")
        }
        if zones, let roots = zoneRoots(chosen), roots.count < chosen.count {
            let names = roots.map(table.code).joined(separator: ", ")
            return Bilingual(zh: "\(field) 位于 \(names) 之内", en: "\(field) within \(roots.count == 1 ? names : "[\(names)]")")
        }
        if chosen.count == 1 {
            return Bilingual(zh: "\(field) 为 \(table.code(chosen[0]))", en: "\(field) is \(table.code(chosen[0]))")
        }
        if table.count > 2, chosen.count * 2 > table.count {
            let others = (0..<table.count).filter { !allowed[$0] }.map { table.code(Int32($0)) }.joined(separator: ", ")
            return Bilingual(zh: "\(field) 不属于 [\(others)]", en: "\(field) not-in [\(others)]")
        }
        let names = chosen.map(table.code).joined(separator: ", ")
        return Bilingual(zh: "\(field) 属于 [\(names)]", en: "\(field) in [\(names)]")
    }

    /// The zones a `within` test names, when the allowed set is exactly those zones and every
    /// zone inside them; nil otherwise.
    func zoneRoots(_ chosen: [Int32]) -> [Int32]? {
        let set = Set(chosen)
        let parents = policy.zoneParents
        func parent(_ zone: Int32) -> Int32 { Int(zone) < parents.count ? parents[Int(zone)] : -1 }
        let roots = chosen.filter { !set.contains(parent($0)) }
        func inside(_ zone: Int32) -> Bool {
            var current = zone, steps = 0
            while current >= 0, steps <= parents.count {
                if roots.contains(current) { return true }
                current = parent(current)
                steps += 1
            }
            return false
        }
        let closure = (0..<parents.count).map(Int32.init).filter(inside)
        return Set(closure) == set ? roots : nil
    }

    func boundsText(_ field: String, _ bounds: [Bound]) -> Bilingual {
        let parts = bounds.map { bound -> Bilingual in
            let amount = amountText(bound.amount)
            switch bound.relation {
            case .atLeast: return Bilingual(zh: "\(amount)以上", en: "at-least \(amount)")
            case .below: return Bilingual(zh: "不满\(amount)", en: "below \(amount)")
            case .above: return Bilingual(zh: "超过\(amount)", en: "above \(amount)")
            case .atMost: return Bilingual(zh: "\(amount)以下", en: "at-most \(amount)")
            case .equals: return Bilingual(zh: "等于\(amount)", en: "is \(amount)")
            }
        }
        return Bilingual(zh: "\(field) " + parts.map(\.zh).joined(separator: "、"), en: "\(field) " + parts.map(\.en).joined(separator: ", "))
    }

    /// The number as written, or `NAME = VALUE` for a parameter, with its value that day.
    func amountText(_ amount: CompiledAmount) -> String {
        switch amount {
        case .number(let n): return String(n)
        case .parameter(let index):
            let name = parameterName(index)
            guard let value = limit(amount) else { return "\(name) (no value on \(flow.date))" }
            return "\(name) = \(value)"
        }
    }

    // MARK: what the flow has

    /// What the flow has in the field a leaf tests.
    func observed(_ condition: FlowCondition) -> Bilingual? {
        switch condition {
        case .code(let slot, _), .present(let slot, _):
            let value = flow.facts.slot(slot)
            guard value >= 0 else { return Bilingual(zh: "本次：未说明", en: "this flow: not given") }
            let text = table(slot)?.code(value) ?? (value == 1 ? "true" : "false")
            return Bilingual(zh: "本次：\(text)", en: "this flow: \(text)")
        case .number(let field, _):
            guard let value = number(field) else { return Bilingual(zh: "本次：未说明", en: "this flow: not given") }
            return Bilingual(zh: "本次：\(value)", en: "this flow: \(value)")
        case .processesPresent:
            let text = flow.facts.processes >= 0 ? String(flow.facts.processes) : "not given"
            return Bilingual(zh: "本次：\(flow.facts.processes >= 0 ? text : "未说明")", en: "this flow: \(text)")
        case .country:
            return Bilingual(zh: "本次：\(flow.flow.recipient.country)", en: "this flow: \(flow.flow.recipient.country)")
        case .parameter(let index):
            switch values?.value(index) {
            case .boolean(let value)?: return Bilingual(zh: "\(flow.date)：\(value)", en: "on \(flow.date): \(value)")
            default: return Bilingual(zh: "\(flow.date)无取值", en: "no value on \(flow.date)")
            }
        case .items(let quantifier, let part, let includingReleased):
            var copy = self
            return copy.itemsObserved(quantifier, part, includingReleased: includingReleased)
        case .always, .all, .any, .not: return nil
        }
    }

    func observed(_ condition: ItemCondition, item index: Int) -> Bilingual? {
        let item = items[index]
        let name = flow.flow.items[index].name
        func say(_ field: String, _ value: String, _ valueZH: String? = nil) -> Bilingual {
            Bilingual(zh: "“\(name)”：\(field) \(valueZH ?? value)", en: "'\(name)': \(field) \(value)")
        }
        switch condition {
        case .code(let slot, _), .present(let slot, _):
            let value = item.slot(slot)
            if slot == .features { return say("features", featureNames(item.features).joined(separator: ", "), nil) }
            guard value >= 0 else { return say(Self.name(slot), "not given", "未说明") }
            return say(Self.name(slot), table(slot)?.code(value) ?? (value == 1 ? "true" : "false"))
        case .individuals: return say("individuals", String(item.individuals))
        case .featuresAny, .featuresNone:
            let names = featureNames(item.features)
            return say("features", names.isEmpty ? "none" : names.joined(separator: ", "), names.isEmpty ? "无" : nil)
        case .parameter(let index):
            switch values?.value(index) {
            case .boolean(let value)?: return Bilingual(zh: "\(flow.date)：\(value)", en: "on \(flow.date): \(value)")
            default: return Bilingual(zh: "\(flow.date)无取值", en: "no value on \(flow.date)")
            }
        case .always, .all, .any, .not: return nil
        }
    }

    /// Why a quantifier over the items failed: the items that did not meet it (at most three),
    /// or the one that met a `none`.
    mutating func itemsObserved(_ quantifier: Quantifier, _ part: ItemCondition, includingReleased: Bool) -> Bilingual? {
        let considered = items.indices.filter { includingReleased || active[$0] }
        if considered.isEmpty {
            return includingReleased ? Bilingual(zh: "本次没有数据项", en: "this flow has no items")
                                     : Bilingual(zh: "本次没有仍适用规则的数据项", en: "no item of this flow is still under the rules")
        }
        switch quantifier {
        case .any:
            let failures = considered.prefix(3).compactMap { unmet(part, item: $0) }
            let more = considered.count > 3 ? Bilingual(zh: "等\(considered.count)项", en: " and \(considered.count - 3) more") : Bilingual(zh: "", en: "")
            return Bilingual(zh: "本次：" + failures.map(\.zh).joined(separator: "；") + more.zh,
                             en: "this flow: " + failures.map(\.en).joined(separator: "; ") + more.en)
        case .all:
            guard let first = considered.first(where: { !holds(part, item: $0) }), let failed = unmet(part, item: first) else { return nil }
            return Bilingual(zh: "本次：\(failed.zh)", en: "this flow: \(failed.en)")
        case .none:
            guard let first = considered.first(where: { holds(part, item: $0) }) else { return nil }
            let name = flow.flow.items[first].name
            return Bilingual(zh: "本次：“\(name)”符合", en: "this flow: '\(name)' does")
        }
    }

    /// What one item has where it misses an item condition: the value of the first field it
    /// fails (`'members': class personal`), without repeating the condition.
    mutating func unmet(_ condition: ItemCondition, item index: Int) -> Bilingual? {
        guard !holds(condition, item: index) else { return nil }
        switch condition {
        case .all(let parts):
            for part in parts {
                if let missed = unmet(part, item: index) { return missed }
            }
            return nil
        case .any(let parts):
            let missed = parts.compactMap { unmet($0, item: index) }
            return Bilingual(zh: missed.map(\.zh).joined(separator: "，"), en: missed.map(\.en).joined(separator: ", "))
        case .not(let part): return observed(part, item: index)
        default: return observed(condition, item: index)
        }
    }

    // MARK: names

    func parameterName(_ index: Int) -> String {
        index >= 0 && index < policy.parameters.count ? policy.parameters[index].name : "?"
    }

    func featureNames(_ mask: UInt64) -> [String] {
        let table = policy.table(.features)
        return (0..<min(64, table.count)).filter { mask & (1 << UInt64($0)) != 0 }.map { table.code(Int32($0)) }
    }

    /// The code table of a slot; nil for true/false slots.
    func table(_ slot: FlowSlot) -> CodeTable? {
        switch slot {
        case .purpose: policy.table(.purposes)
        case .scenario: policy.scenarios
        case .ciio: nil
        case .sector: policy.table(.sectors)
        case .registeredIn, .activityIn, .recipientRegisteredIn: policy.table(.zones)
        case .recipientKind: policy.table(.recipientKinds)
        }
    }

    func table(_ slot: ItemSlot) -> CodeTable? {
        switch slot {
        case .dataClass: policy.table(.classes)
        case .minors: nil
        case .origin: policy.table(.origins)
        case .category: policy.categories
        case .catalog: policy.catalogEntries
        case .subjects, .features: CodeTable()
        }
    }

    static func isZone(_ slot: FlowSlot) -> Bool {
        slot == .registeredIn || slot == .activityIn || slot == .recipientRegisteredIn
    }

    /// The field as the policy language names it.
    static func name(_ slot: FlowSlot) -> String {
        switch slot {
        case .purpose: "purpose"
        case .scenario: "scenario"
        case .ciio: "exporter.ciio"
        case .sector: "exporter.sector"
        case .registeredIn: "exporter.registered-in"
        case .activityIn: "exporter.activity-in"
        case .recipientKind: "recipient.kind"
        case .recipientRegisteredIn: "recipient.registered-in"
        }
    }

    static func name(_ slot: ItemSlot) -> String {
        switch slot {
        case .dataClass: "class"
        case .minors: "minors"
        case .origin: "origin"
        case .category: "category"
        case .catalog: "catalog"
        case .subjects: "subjects"
        case .features: "features"
        }
    }

    func name(_ field: NumberField) -> String { Self.name(field, counters: policy.counters) }

    static func name(_ field: NumberField, counters: [CompiledCounter]) -> String {
        func counter(_ k: Int) -> String { k < counters.count ? counters[k].name : "?" }
        switch field {
        case .processes: return "exporter.processes"
        case .persons(let k): return "persons.\(counter(k))"
        case .thisFlow(let k): return "this-flow.\(counter(k))"
        case .prior(let k): return "prior.\(counter(k))"
        }
    }
}
