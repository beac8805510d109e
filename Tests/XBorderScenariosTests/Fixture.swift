import Foundation
import XBorder
@testable import XBorderScenarios

/// A temporary project per test: a tiny vocabulary and pack in `policies/`, suites beside it.
/// Each test gets its own folder so that tests run in parallel.
final class Fixture {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-scenarios-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/policies", withIntermediateDirectories: true)
        try write("policies/vocabulary.yaml", Self.vocabulary)
        try write("policies/pack.yaml", Self.pack)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var policies: String { root + "/policies" }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func run(_ relative: [String] = ["suites"], filter: String? = nil) -> RunResult {
        ScenarioRunner(defaultPolicies: policies, filter: filter).run(paths: relative.map { root + "/" + $0 })
    }

    static let vocabulary = """
    vocabulary: t
    title: {zh: 测试, en: test vocabulary}
    outcomes:
      exempt: {zh: 免予申报, en: no mechanism}
      contract: {zh: 标准合同, en: standard contract}
      assessment: {zh: 安全评估, en: security assessment}
    fallback: assessment
    classes:
      general: {zh: 一般数据, en: general data}
      personal: {zh: 个人信息, en: personal information}
    purposes:
      hr: {zh: 人力资源, en: HR management}
      other: {zh: 其他, en: other}
    defaults:
      purpose: other

    """

    static let pack = """
    pack: t.law
    title: {zh: 测试法, en: Test Law}
    in-force: 2024-01-01
    parameters:
      threshold:
        title: {zh: 门槛, en: threshold}
        values:
          2024-01-01: {value: 100, cite: Test Law Art. 1}
    counters:
      personal:
        title: {zh: 个人信息, en: personal information}
        counts: {class: personal}
    obligations:
      t.notice:
        cite: Test Law Art. 9
        title: {zh: 告知, en: give notice}
    rules:
      - id: t.small
        cite: Test Law Art. 2
        when: {persons.personal: {below: threshold}}
        then: exempt
        because: {en: "{persons.personal} persons is below {threshold}", zh: "{persons.personal}人不满{threshold}人"}
      - id: t.large
        cite: Test Law Art. 3
        when: {persons.personal: {at-least: threshold}}
        then: contract
        obligations: [t.notice]
      - id: t.hr
        cite: Test Law Art. 4
        when: {purpose: hr}
        then: exempt
        overrides: [t.large]
      - id: t.never
        cite: Test Law Art. 5
        when: {purpose: hr, persons.personal: {at-least: 1000000}}
        then: assessment

    """

    /// A suite whose three cases pass against the fixture policy.
    static let passingSuite = """
    suite: volume bands
    description: below and at the threshold
    tags: [bands]
    defaults:
      date: 2025-01-01
      exporter: {ciio: false, name: Example Co.}
      recipient: {country: DE}
    cases:
      - name: 99 persons is below 100 — exempt
        cite: Test Law Art. 2
        tags: [boundary]
        flow:
          items:
            - {name: members, class: personal, individuals: 99}
        expect:
          outcome: exempt
          rules: [t.small]
          citations: [Test Law Art. 2]
          no-obligations: [t.notice]
          explanation: {en: "99 persons is below 100", zh: "99人不满100人"}

      - name: exactly 100 persons — contract
        cite: Test Law Art. 3
        tags: [boundary]
        flow:
          items:
            - {name: members, class: personal, individuals: 100}
        expect:
          outcome: contract
          rules: [t.large]
          obligations: [t.notice]

      - name: HR purpose sets the band aside
        flow:
          purpose: hr
          items:
            - {name: staff, class: personal, individuals: 5000}
        expect: {outcome: exempt, rules: [t.hr]}

    """
}
