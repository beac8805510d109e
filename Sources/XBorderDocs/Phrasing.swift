import XBorder

/// Says conditions in plain words, in Chinese and English, with the parameters' values on one day.
///
/// The words follow the law's own boundaries: `at-least` is 以上 ("at least", the number
/// included), `below` is 不满 ("fewer than", excluded), `above` 超过, `at-most` 以下.
struct Phrasing: Sendable {
    var lookup: Lookup
    /// The day whose parameter values are shown.
    var day: Day

    // MARK: flow conditions

    func flow(_ condition: Condition) -> Clause {
        flowClause(condition).flattened
    }

    private func flowClause(_ condition: Condition) -> Clause {
        switch condition {
        case .all(let parts, _): return .all(parts.map(flowClause))
        case .any(let parts, _): return .any(parts.map(flowClause))
        case .not(let inner, _): return negated(flowClause(inner))
        case .items(let quantifier, let inner, _, let includingReleased):
            var words = quantified(quantifier, item(inner), includingReleased: includingReleased)
            switch inner {
            case .all, .any: words.compound = true
            default: break
            }
            return .sentence(words)
        case .parameter(let name, _):
            return .sentence(yesNoParameter(name))
        case .field(let path, let tests):
            return .sentence(flowField(path.name, tests))
        }
    }

    /// "not" said on the sentence where the language allows it.
    private func negated(_ clause: Clause) -> Clause {
        .not(clause)
    }

    private func quantified(_ quantifier: Quantifier, _ predicate: BiWords, includingReleased: Bool) -> BiWords {
        var words: BiWords
        switch quantifier {
        case .any: words = BiWords(zh: "有数据项" + predicate.zh, en: "an item " + predicate.en)
        case .all: words = BiWords(zh: "全部数据项均" + predicate.zh, en: "every item " + predicate.en)
        case .none: words = BiWords(zh: "没有数据项" + predicate.zh, en: "no item " + predicate.en)
        }
        if includingReleased {
            words = BiWords(zh: words.zh + "（含清单放行的数据项）", en: words.en + " (counting the items a zone list released)")
        }
        return words
    }

    private func yesNoParameter(_ name: String) -> BiWords {
        let title = lookup.parameters[name]?.title ?? Bilingual(zh: name, en: name)
        let shown = parameterShown(name)
        return BiWords(zh: "政策对“\(title.zh)”的回答为“是”（目前的回答：" + Words.parameter(name, shown: shown.zh) + "）",
                       en: "the policy answers yes to “\(title.en)” (its answer now: " + Words.parameter(name, shown: shown.en) + ")")
    }

    private func flowField(_ name: String, _ tests: [Test]) -> BiWords {
        if let (prefix, counter) = counterField(name) { return counterSentence(prefix, counter, tests) }
        switch name {
        case "exporter.ciio":
            return boolean(tests, yes: BiWords(zh: "数据处理者是关键信息基础设施运营者", en: "the exporter is a critical information infrastructure operator (CIIO)"),
                           no: BiWords(zh: "数据处理者不是关键信息基础设施运营者", en: "the exporter is not a critical information infrastructure operator"))
        case "recipient.kind":
            // The kinds are nouns without an article: "a foreign judicial or law-enforcement body".
            let zh = membership(tests, section: .recipientKinds, zh: ("境外接收方为", "境外接收方不是"), en: ("", ""))
            let en = membership(tests, section: .recipientKinds, zh: ("", ""), en: ("the recipient is a", "the recipient is not a"))
            return BiWords(zh: zh.zh, en: en.en)
        case "exporter.processes":
            let bound = bounds(tests)
            return BiWords(zh: "数据处理者处理" + bound.zh + "的个人信息", en: "the exporter processes the personal information of " + bound.en + " persons")
        default:
            let noun = Self.flowNouns[name] ?? Bilingual(zh: name, en: name)
            return generic(noun, Fields.flow[name], tests)
        }
    }

    /// `persons.personal` → ("persons", "personal").
    private func counterField(_ name: String) -> (String, String)? {
        for prefix in Fields.counterPrefixes where name.hasPrefix(prefix + ".") {
            return (prefix, String(name.dropFirst(prefix.count + 1)))
        }
        return nil
    }

    private func counterSentence(_ prefix: String, _ counter: String, _ tests: [Test]) -> BiWords {
        let title = lookup.counters[counter] ?? Bilingual(zh: counter, en: counter)
        let window = windowWords
        let bound = bounds(tests)
        switch prefix {
        case "this-flow":
            if tests.count == 1, case .atLeast(.number(1, _)) = tests[0].kind {
                return BiWords(zh: Words("本次出境包含\(title.zh)"), en: Words("this flow carries \(title.en)"))
            }
            return BiWords(zh: "本次出境的\(title.zh)" + bound.zh, en: "this flow carries \(title.en) of " + bound.en + " persons")
        case "prior":
            return BiWords(zh: "本次出境前\(window.zh)已累计向境外提供\(title.zh)" + bound.zh,
                           en: "\(title.en) of " + bound.en + " persons had been provided abroad \(window.en) before this flow")
        default:
            return BiWords(zh: "\(window.zh)累计向境外提供\(title.zh)（含本次）" + bound.zh,
                           en: "\(title.en) of " + bound.en + " persons has been provided abroad \(window.en) (this flow included)")
        }
    }

    /// The counting window on the day shown: "since 1 January" under the Provisions, "since
    /// 1 January of the previous year" under the 2022 Measures.
    var windowWords: Bilingual {
        guard let parameter = lookup.windowParameter, let value = lookup.value(of: parameter, on: day) else {
            return Bilingual(zh: "在累计计算期间内", en: "in the counting period")
        }
        switch value.value {
        case .code("calendar-year"): return Bilingual(zh: "自当年1月1日起", en: "since 1 January")
        case .code("previous-and-current-year"): return Bilingual(zh: "自上年1月1日起", en: "since 1 January of the previous year")
        default: return Bilingual(zh: "在累计计算期间（\(value.value)）内", en: "in the counting period (\(value.value))")
        }
    }

    // MARK: item conditions

    /// An item condition as a predicate: "is personal information and was collected abroad".
    func item(_ condition: Condition) -> BiWords {
        switch condition {
        case .all(let parts, _):
            // No comma in Chinese: the comma joins the conditions of the flow, not of one item.
            let words = parts.map { grouped($0) }
            return BiWords(zh: Words.join(words.map(\.zh), separator: "、", last: "且"), en: Words.join(words.map(\.en), separator: ", ", last: " and "))
        case .any(let parts, _):
            let words = parts.map { grouped($0) }
            return BiWords(zh: Words.join(words.map(\.zh), separator: "、", last: "或者"), en: Words.join(words.map(\.en), separator: ", ", last: " or "))
        case .not(let inner, _):
            let words = item(inner)
            return BiWords(zh: "不满足“" + words.zh + "”", en: "does not meet this: it " + words.en)
        case .parameter(let name, _):
            return yesNoParameter(name)
        case .items(_, let inner, _, _):
            return item(inner)
        case .field(let path, let tests):
            return itemField(path.name, tests)
        }
    }

    /// A part of an item condition, bracketed when it mixes "and" with "or".
    private func grouped(_ condition: Condition) -> BiWords {
        let words = item(condition)
        switch condition {
        case .all, .any: return BiWords(zh: "（" + words.zh + "）", en: "(" + words.en + ")")
        default: return words
        }
    }

    /// "an item that is general data" / "属于一般数据的数据项".
    func itemNoun(_ condition: Condition) -> BiWords {
        let predicate = item(condition)
        return BiWords(zh: predicate.zh + "的数据项", en: "an item that " + predicate.en)
    }

    private func itemField(_ name: String, _ tests: [Test]) -> BiWords {
        switch name {
        case "class":
            return membership(tests, section: .classes, zh: ("属于", "不属于"), en: ("is", "is not"))
        case "origin":
            return membership(tests, section: .origins, zh: ("为", "不为"), en: ("is", "is not"))
        case "individuals":
            let bound = bounds(tests)
            return BiWords(zh: "涉及" + bound.zh, en: "concerns " + bound.en + " persons")
        case "minors":
            return boolean(tests, yes: BiWords(zh: "涉及不满十四周岁未成年人", en: "concerns children under 14"),
                           no: BiWords(zh: "不涉及不满十四周岁未成年人", en: "does not concern children under 14"))
        case "features":
            var parts: [BiWords] = []
            for test in tests {
                switch test.kind {
                case .equals(let literal):
                    let label = lookup.label(.features, literal.scalar.text)
                    parts.append(BiWords(zh: Words("具有“\(label.zh)”特征"), en: Words("has the feature “\(label.en)”")))
                case .oneOf(let literals):
                    let labels = literals.map { lookup.label(.features, $0.scalar.text) }
                    parts.append(BiWords(zh: Words("具有以下特征之一：" + labels.map { "“\($0.zh)”" }.joined(separator: "、")),
                                         en: Words("has any of the features " + Self.list(labels.map { "“\($0.en)”" }, or: true))))
                case .notIn(let literals):
                    let labels = literals.map { lookup.label(.features, $0.scalar.text) }
                    parts.append(BiWords(zh: Words("不具有以下任何特征：" + labels.map { "“\($0.zh)”" }.joined(separator: "、")),
                                         en: Words("has none of the features " + Self.list(labels.map { "“\($0.en)”" }, or: true))))
                default:
                    parts.append(testWords(Bilingual(zh: "特征", en: "its features"), .features, test))
                }
            }
            return and(parts)
        case "category":
            return membership(tests, label: { self.lookup.categories[$0] ?? Bilingual(zh: $0, en: $0) }, zh: ("属于类别", "不属于类别"), en: ("is in the category", "is not in the category"), quoted: true)
        case "catalog":
            return membership(tests, label: { self.lookup.catalogEntries[$0] ?? Bilingual(zh: $0, en: $0) }, zh: ("属于分类目录条目", "不属于分类目录条目"), en: ("is the catalog entry", "is not the catalog entry"), quoted: true)
        case "subjects":
            let names = tests.flatMap { test -> [String] in
                switch test.kind {
                case .equals(let literal): [literal.scalar.text]
                case .oneOf(let literals): literals.map(\.scalar.text)
                default: []
                }
            }
            return BiWords(zh: Words("数据主体标记为" + Self.listZH(names.map { "“\($0)”" })), en: Words("is labelled as describing " + Self.list(names.map { "“\($0)”" }, or: true)))
        default:
            return generic(Bilingual(zh: name, en: name), Fields.item[name], tests)
        }
    }

    // MARK: tests

    /// "is personal information, sensitive personal information or important data".
    private func membership(_ tests: [Test], section: VocabularySection, zh: (String, String), en: (String, String)) -> BiWords {
        membership(tests, label: { self.lookup.label(section, $0) }, zh: zh, en: en, quoted: false)
    }

    private func membership(_ tests: [Test], label: (String) -> Bilingual, zh: (String, String), en: (String, String), quoted: Bool) -> BiWords {
        func names(_ literals: [Literal]) -> (zh: String, en: String) {
            let labels = literals.map { label($0.scalar.text) }
            let zhNames = labels.map { quoted ? "“\($0.zh)”" : $0.zh }
            let enNames = labels.map { quoted ? "“\($0.en)”" : $0.en }
            return (Self.listZH(zhNames), Self.list(enNames, or: true))
        }
        var parts: [BiWords] = []
        for test in tests {
            switch test.kind {
            case .equals(let literal):
                let n = names([literal])
                parts.append(BiWords(zh: Words(zh.0 + n.zh), en: Words(en.0 + " " + n.en)))
            case .oneOf(let literals), .within(let literals):
                let n = names(literals)
                parts.append(BiWords(zh: Words(zh.0 + n.zh), en: Words(en.0 + " " + n.en)))
            case .notIn(let literals):
                let n = names(literals)
                parts.append(BiWords(zh: Words(zh.1 + n.zh), en: Words(en.1 + " " + n.en)))
            case .present(let present):
                parts.append(present ? BiWords(zh: "已写明", en: "is stated") : BiWords(zh: "未写明", en: "is not stated"))
            default:
                let bound = bounds([test])
                parts.append(BiWords(zh: bound.zh, en: bound.en))
            }
        }
        return and(parts)
    }

    private func boolean(_ tests: [Test], yes: BiWords, no: BiWords) -> BiWords {
        var parts: [BiWords] = []
        for test in tests {
            switch test.kind {
            case .equals(let literal):
                parts.append(literal.scalar.bool == false ? no : yes)
            case .present(let present):
                parts.append(present ? BiWords(zh: "已写明：" + yes.zh, en: "it is stated whether " + yes.en)
                                     : BiWords(zh: "未写明：" + yes.zh, en: "it is not stated whether " + yes.en))
            default:
                parts.append(yes)
            }
        }
        return and(parts)
    }

    /// A field's tests said with its noun: "the purpose of the export is cross-border shopping".
    private func generic(_ noun: Bilingual, _ type: FieldType?, _ tests: [Test]) -> BiWords {
        let numeric = tests.contains { test in
            switch test.kind {
            case .atLeast, .below, .above, .atMost: true
            default: false
            }
        }
        if numeric {
            let bound = bounds(tests)
            return BiWords(zh: "\(noun.zh)" + bound.zh, en: "\(noun.en) is " + bound.en)
        }
        return and(tests.map { testWords(noun, type, $0) })
    }

    private func testWords(_ noun: Bilingual, _ type: FieldType?, _ test: Test) -> BiWords {
        func labels(_ literals: [Literal]) -> [Bilingual] { literals.map { valueLabel($0, type) } }
        switch test.kind {
        case .equals(let literal):
            let label = valueLabel(literal, type)
            return BiWords(zh: Words("\(noun.zh)为\(label.zh)"), en: Words("\(noun.en) is \(label.en)"))
        case .oneOf(let literals):
            let names = labels(literals)
            return BiWords(zh: Words("\(noun.zh)为\(Self.listZH(names.map(\.zh)))"), en: Words("\(noun.en) is \(Self.list(names.map(\.en), or: true))"))
        case .notIn(let literals):
            let names = labels(literals)
            return BiWords(zh: Words("\(noun.zh)不是\(Self.listZH(names.map(\.zh)))"), en: Words("\(noun.en) is not \(Self.list(names.map(\.en), or: true))"))
        case .within(let literals):
            let names = labels(literals)
            return BiWords(zh: Words("\(noun.zh)位于\(Self.listZH(names.map(\.zh)))（含其范围内的区域）"),
                           en: Words("\(noun.en) is within \(Self.list(names.map(\.en), or: true))"))
        case .present(let present):
            return present ? BiWords(zh: Words("写明了\(noun.zh)"), en: Words("\(noun.en) is stated"))
                           : BiWords(zh: Words("未写明\(noun.zh)"), en: Words("\(noun.en) is not stated"))
        case .atLeast, .below, .above, .atMost:
            let bound = bounds([test])
            return BiWords(zh: "\(noun.zh)" + bound.zh, en: "\(noun.en) is " + bound.en)
        }
    }

    private func valueLabel(_ literal: Literal, _ type: FieldType?) -> Bilingual {
        let code = literal.scalar.text
        switch type {
        case .code(let section)?: return lookup.label(section, code)
        case .zone?: return lookup.label(.zones, code)
        case .scenario?: return lookup.scenarios[code].map { Bilingual(zh: "“\($0.zh)”", en: "“\($0.en)”") } ?? Bilingual(zh: code, en: code)
        case .category?: return lookup.categories[code] ?? Bilingual(zh: code, en: code)
        case .catalogEntry?: return lookup.catalogEntries[code] ?? Bilingual(zh: code, en: code)
        case .features?: return lookup.label(.features, code)
        case .boolean?: return literal.scalar.bool == false ? Bilingual(zh: "否", en: "no") : Bilingual(zh: "是", en: "yes")
        default: return Bilingual(zh: code, en: code)
        }
    }

    /// Number tests in the law's words: "at least 100,000 and fewer than 1,000,000" /
    /// "10万人以上、不满100万人".
    func bounds(_ tests: [Test]) -> BiWords {
        var zh: [Words] = [], en: [Words] = []
        for test in tests {
            switch test.kind {
            case .atLeast(let amount):
                let n = amountWords(amount)
                zh.append(n.zh + "人以上"); en.append("at least " + n.en)
            case .below(let amount):
                let n = amountWords(amount)
                zh.append("不满" + n.zh + "人"); en.append("fewer than " + n.en)
            case .above(let amount):
                let n = amountWords(amount)
                zh.append("超过" + n.zh + "人"); en.append("more than " + n.en)
            case .atMost(let amount):
                let n = amountWords(amount)
                zh.append(n.zh + "人以下"); en.append("at most " + n.en)
            case .equals(let literal):
                zh.append(Words(literal.scalar.text + "人")); en.append(Words(literal.scalar.text))
            default:
                continue
            }
        }
        return BiWords(zh: Words.join(zh, separator: "、", last: "、"), en: Words.join(en, separator: ", ", last: " and "))
    }

    private func amountWords(_ amount: Amount) -> BiWords {
        switch amount {
        case .number(let n, _):
            return BiWords(zh: Words(Numbers.zh(n)), en: Words(Numbers.en(n)))
        case .parameter(let name, _):
            let shown = parameterShown(name)
            return BiWords(zh: .parameter(name, shown: shown.zh), en: .parameter(name, shown: shown.en))
        }
    }

    /// A parameter's value on the day shown, in each language; "no value" when it has none then.
    func parameterShown(_ name: String) -> Bilingual {
        guard let value = lookup.value(of: name, on: day) else { return Bilingual(zh: "（\(day)无取值）", en: "(no value on \(day))") }
        return Self.shown(value.value)
    }

    static func shown(_ value: ParameterLiteral) -> Bilingual {
        switch value {
        case .integer(let n): Bilingual(zh: Numbers.zh(n), en: Numbers.en(n))
        case .boolean(let b): b ? Bilingual(zh: "是", en: "yes") : Bilingual(zh: "否", en: "no")
        case .code("calendar-year"): Bilingual(zh: "自然年（自当年1月1日起）", en: "calendar year (since 1 January)")
        case .code("previous-and-current-year"): Bilingual(zh: "上年1月1日起至今", en: "since 1 January of the previous year")
        case .code(let code): Bilingual(zh: code, en: code)
        }
    }

    // MARK: joining

    private func and(_ parts: [BiWords]) -> BiWords {
        BiWords(zh: Words.join(parts.map(\.zh), separator: "，", last: "，且"), en: Words.join(parts.map(\.en), separator: ", ", last: " and "))
    }

    /// "a, b or c" (or "and").
    static func list(_ names: [String], or: Bool) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + (names.last ?? "")
    }

    /// "a、b或者c".
    static func listZH(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: "、") + "或者" + (names.last ?? "")
    }

    /// What each flow field is called in a sentence.
    static let flowNouns: [String: Bilingual] = [
        "purpose": Bilingual(zh: "出境目的", en: "the purpose of the export"),
        "scenario": Bilingual(zh: "数据出境场景", en: "the flow's list scenario"),
        "exporter.sector": Bilingual(zh: "数据处理者所属行业", en: "the exporter's sector"),
        "exporter.registered-in": Bilingual(zh: "数据处理者注册地", en: "the exporter's place of registration"),
        "exporter.activity-in": Bilingual(zh: "数据处理活动所在地", en: "the place of the exporter's processing"),
        "recipient.country": Bilingual(zh: "境外接收方所在国家或者地区", en: "the recipient's country"),
        "recipient.kind": Bilingual(zh: "境外接收方", en: "the recipient"),
        "recipient.registered-in": Bilingual(zh: "境外接收方注册地", en: "the recipient's place of registration"),
    ]
}
