import Foundation
import Plot
import XBorder

/// The bilingual handbook of a policy set: an index, a page per pack, list and catalog, the
/// codes, and the scenario cases, as static HTML for lawyers and desk staff.
///
/// Everything comes from the model as written and from the cases' real decisions; nothing of
/// the law is restated here, so the handbook cannot drift from the policies it documents.
public struct Handbook: Sendable {
    public var model: PolicyLoader.Model
    /// The day whose law the handbook states: rules in force that day, parameter values of that day.
    public var asOf: Day
    public var cases: CaseIndex

    public init(model: PolicyLoader.Model, asOf: Day, cases: CaseIndex = CaseIndex()) {
        self.model = model
        self.asOf = asOf
        self.cases = cases
    }

    /// Every page, in a stable order: index first.
    public func pages() -> [Page] {
        let context = HandbookContext(model: model, asOf: asOf, cases: cases)
        var pages = [IndexPage(context: context).page()]
        pages += model.set.packs.sorted { $0.id < $1.id }.map { PackPage(context: context, pack: $0).page() }
        pages += model.set.lists.sorted { $0.id.name < $1.id.name }.map { ListPage(context: context, list: $0).page() }
        pages += model.set.catalogs.sorted { $0.id < $1.id }.map { CatalogPage(context: context, catalog: $0).page() }
        pages.append(VocabularyPage(context: context).page())
        pages.append(CasesPage(context: context).page())
        return pages
    }

    /// Writes the pages, the style sheet and the script into `folder` (created if missing) and
    /// returns the files written.
    @discardableResult
    public func write(to folder: String) throws -> [String] {
        let url = URL(fileURLWithPath: folder)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var written: [String] = []
        for page in pages() {
            try Data(page.content.utf8).write(to: url.appendingPathComponent(page.file))
            written.append(page.file)
        }
        try Data(Assets.style.utf8).write(to: url.appendingPathComponent(Assets.styleFile))
        try Data(Assets.script.utf8).write(to: url.appendingPathComponent(Assets.scriptFile))
        return written + [Assets.styleFile, Assets.scriptFile]
    }
}

/// What every page of one handbook shares, computed once.
struct HandbookContext: Sendable {
    var model: PolicyLoader.Model
    var asOf: Day
    var cases: CaseIndex
    var lookup: Lookup
    var view: View
    var layout: Layout
    var compiledRules: [String: CompiledRule] = [:]
    var compiledLists: [String: CompiledList] = [:]
    var compiledObligations: [String: CompiledObligation] = [:]
    /// For each rule, the rules whose `overrides` name it (directly or through a rule set).
    var overriddenBy: [String: [String]] = [:]
    /// For each parameter, the rules, lists and counters that read it.
    var parameterUses: [String: [String]] = [:]
    /// For each obligation, the rules and lists that make it due.
    var obligationUses: [String: [String]] = [:]

    init(model: PolicyLoader.Model, asOf: Day, cases: CaseIndex) {
        self.model = model
        self.asOf = asOf
        self.cases = cases
        lookup = Lookup(model.set)
        view = View(lookup: lookup)
        layout = Layout(asOf: asOf, digest: model.policy.digest)
        for rule in model.policy.rules { compiledRules[rule.id] = rule }
        for list in model.policy.lists { compiledLists[list.id] = list }
        for obligation in model.policy.obligations { compiledObligations[obligation.id] = obligation }
        for pack in model.set.packs {
            for rule in pack.rules {
                for name in rule.overrides.flatMap({ lookup.expand($0.name) }) { overriddenBy[name, default: []].append(rule.id.name) }
                for name in Self.parameters(in: rule.when) { parameterUses[name, default: []].append(rule.id.name) }
                for obligation in rule.obligations { obligationUses[obligation.name, default: []].append(rule.id.name) }
            }
            for counter in pack.counters {
                for name in Self.parameters(in: counter.counts) { parameterUses[name, default: []].append(counter.name) }
            }
            for reclassification in pack.reclassifications {
                for name in Self.parameters(in: reclassification.when) { parameterUses[name, default: []].append(reclassification.id.name) }
            }
        }
        for list in model.set.lists {
            for condition in [list.eligible, list.appliesTo, list.unless] {
                for name in Self.parameters(in: condition) { parameterUses[name, default: []].append(list.id.name) }
            }
            for obligation in list.obligations + list.scenarioObligations { obligationUses[obligation.name, default: []].append(list.id.name) }
        }
        if let window = lookup.windowParameter { parameterUses[window, default: []].insert("counting", at: 0) }
        for (name, uses) in parameterUses {
            var seen = Set<String>()
            parameterUses[name] = uses.filter { seen.insert($0).inserted }
        }
    }

    /// The parameter names a condition reads, in the order written.
    static func parameters(in condition: Condition?) -> [String] {
        guard let condition else { return [] }
        switch condition {
        case .all(let parts, _), .any(let parts, _): return parts.flatMap { parameters(in: $0) }
        case .not(let inner, _), .items(_, let inner, _, _): return parameters(in: inner)
        case .parameter(let name, _): return [name]
        case .field(_, let tests):
            return tests.compactMap { test in
                switch test.kind {
                case .atLeast(.parameter(let name, _)), .below(.parameter(let name, _)), .above(.parameter(let name, _)), .atMost(.parameter(let name, _)): name
                default: nil
                }
            }
        }
    }

    func phrasing(for period: Period) -> Phrasing {
        Phrasing(lookup: lookup, day: View.referenceDay(period, asOf: asOf))
    }

    func outcomeLabel(_ code: String) -> Bilingual { lookup.label(.outcomes, code) }

    /// The Chinese citation; a parameter value's citation often adds a remark in brackets
    /// ("PIPL Art. 40 (no window prescribed …)"): the article is then cited in Chinese and the
    /// remark kept as written.
    func chineseCitation(_ cite: String) -> String {
        if let rendered = model.set.chineseCitation(cite) { return rendered }
        if let open = cite.range(of: " ("), cite.hasSuffix(")"), let article = model.set.chineseCitation(String(cite[..<open.lowerBound])) {
            return article + "（" + cite[open.upperBound...].dropLast() + "）"
        }
        return cite
    }

    /// The cases that test a rule or list, as a list of links, or a mark that none does.
    func casesNode(for id: String, obligationsOnly: Bool = false) -> BodyNode {
        guard let found = cases.byRule[id], !found.isEmpty else {
            if obligationsOnly {
                return .p(.class("none"), View.bi(zh: "本规则只增加义务，不是决定规则；义务见各用例的判定结果", en: "adds obligations only, so it never decides a case's outcome"))
            }
            return .p(.class("none"), View.bi(zh: "没有场景用例以本规则为决定规则", en: "no scenario case is decided by this rule"))
        }
        let list: BodyNode = .ul(.class("plain cases"), .forEach(found) { scenarioCase in
            .li(.a(.href(Escape.attribute(Pages.cases + "#" + scenarioCase.anchor)), .text(scenarioCase.name)),
                .text(" "), .span(.class("note"), .text("(\(scenarioCase.file):\(scenarioCase.line))")))
        })
        // A long list folds away (no script needed); a short one stays open.
        return .element(named: "details", nodes: [
            .class("cases"), .if(found.count <= 4, .attribute(named: "open", value: "open")),
            .element(named: "summary", nodes: [View.bi(zh: "\(found.count) 个用例", en: "\(found.count) case" + (found.count == 1 ? "" : "s"))]),
            list,
        ])
    }
}
