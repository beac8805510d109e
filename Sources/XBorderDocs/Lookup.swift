import XBorder

/// What the handbook needs to name things: labels of codes, titles of scenarios and counters,
/// where each parameter, obligation and rule is described. Built once from the model.
struct Lookup: Sendable {
    var labels: [VocabularySection: [String: Bilingual]] = [:]
    var scenarios: [String: Bilingual] = [:]
    /// `scenario.category` → label.
    var categories: [String: Bilingual] = [:]
    var catalogEntries: [String: Bilingual] = [:]
    var counters: [String: Bilingual] = [:]
    var parameters: [String: Parameter] = [:]
    /// The page that describes each parameter, obligation, rule, list and rule set.
    var parameterPage: [String: String] = [:]
    var obligationPage: [String: String] = [:]
    var rulePage: [String: String] = [:]
    var obligations: [String: Obligation] = [:]
    var ruleSets: [String: [String]] = [:]
    var ruleTitles: [String: Bilingual] = [:]
    /// The parameter that says over which period the counters add up.
    var windowParameter: String?

    init(_ set: PolicySet) {
        for vocabulary in set.vocabularies {
            for (section, entries) in vocabulary.sections {
                for entry in entries { labels[section, default: [:]][entry.code] = entry.label }
            }
        }
        for list in set.lists {
            rulePage[list.id.name] = Pages.list(list.id.name)
            ruleTitles[list.id.name] = list.title
            for scenario in list.scenarios {
                scenarios[scenario.code] = scenario.title
                for category in scenario.categories { categories["\(scenario.code).\(category.code)"] = category.label }
                for entry in scenario.entries where entry.then != nil {
                    rulePage["\(list.id.name).\(scenario.code).\(entry.code)"] = Pages.list(list.id.name)
                }
            }
        }
        for catalog in set.catalogs {
            for entry in catalog.entries { catalogEntries[entry.code] = entry.title ?? Bilingual(zh: entry.code, en: entry.code) }
        }
        for pack in set.packs {
            let page = Pages.pack(pack.id)
            for counter in pack.counters { counters[counter.name] = counter.title ?? Bilingual(zh: counter.name, en: counter.name) }
            for parameter in pack.parameters {
                parameters[parameter.name] = parameter
                parameterPage[parameter.name] = page
            }
            for obligation in pack.obligations {
                obligations[obligation.id.name] = obligation
                obligationPage[obligation.id.name] = page
            }
            for rule in pack.rules {
                rulePage[rule.id.name] = page
                if let title = rule.title { ruleTitles[rule.id.name] = title }
            }
            for reclassification in pack.reclassifications { rulePage[reclassification.id.name] = page }
            for ruleSet in pack.ruleSets { ruleSets[ruleSet.name.name] = ruleSet.rules.map(\.name) }
            if let counting = pack.counting { windowParameter = counting.window.name }
        }
    }

    func label(_ section: VocabularySection, _ code: String) -> Bilingual {
        labels[section]?[code] ?? Bilingual(zh: code, en: code)
    }

    /// The value of a parameter in force on a day: the last value dated on or before it.
    func value(of name: String, on day: Day) -> ParameterValue? {
        parameters[name]?.values.filter { $0.from <= day }.max { $0.from < $1.from }
    }

    /// The rules a name in `overrides` stands for: a rule set's rules, or the rule itself.
    func expand(_ name: String) -> [String] { ruleSets[name] ?? [name] }
}

/// The file name of each page: stable, so that links into a published handbook keep working.
enum Pages {
    static let index = "index.html"
    static let cases = "cases.html"
    static let vocabulary = "vocabulary.html"
    static func pack(_ id: String) -> String { "pack-\(id).html" }
    static func list(_ id: String) -> String { "list-\(id).html" }
    static func catalog(_ id: String) -> String { "catalog-\(id).html" }

    /// Anchors inside a page. Rules are anchored by their id as written, so that
    /// `pack-cn.provisions.html#cn.provisions.art8.band` names the rule.
    static func parameterAnchor(_ name: String) -> String { "parameter-\(name)" }
    static func obligationAnchor(_ id: String) -> String { "obligation-\(id)" }
    static func counterAnchor(_ name: String) -> String { "counter-\(name)" }
    static func entryAnchor(_ code: String) -> String { "entry-\(code)" }
    static func scenarioAnchor(_ code: String) -> String { "scenario-\(code)" }
}
