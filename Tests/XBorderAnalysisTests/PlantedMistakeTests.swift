import Foundation
import Testing
import XBorder
@testable import XBorderAnalysis

/// Mistakes planted in a copy of the bundled policies: each is found with its code at its place,
/// and each witness flow is decided by the real evaluator as the finding says.
@Suite("Lint finds planted mistakes")
struct PlantedMistakeTests {
    static let provisions = "cn/provisions-2024.yaml"

    @Test func anImpossibleBandIsUnsatisfiable() throws {
        let planted = try PlantedPolicy(Self.provisions) {
            $0.insertingRule("""
              - id: cn.provisions.planted.impossible-band
                cite: Provisions Art. 8
                when:
                  persons.personal: {at-least: 500000, below: 1000}
                then: contract-or-certification
                because: {en: "planted", zh: "植入"}
            """, before: "cn.provisions.art8.band")
        }
        defer { planted.remove() }
        let report = planted.lint()
        let finding = try #require(report.findings.first { $0.code == FindingCode.unsatisfiableCondition && $0.ids.contains("cn.provisions.planted.impossible-band") })
        #expect(finding.severity == .error)
        #expect(finding.location.path == planted.path(Self.provisions))
        #expect(finding.location.line == (try planted.line(of: "persons.personal: {at-least: 500000, below: 1000}", in: Self.provisions)))
        #expect(finding.proof != nil)
        #expect(finding.involved.first?.cite == "Provisions Art. 8")
        #expect(report.fails(strict: false))
    }

    @Test func xAndNotXIsUnsatisfiable() throws {
        let planted = try PlantedPolicy(Self.provisions) {
            $0.insertingRule("""
              - id: cn.provisions.planted.x-and-not-x
                cite: Provisions Art. 7(1)
                when:
                  all:
                    - exporter: {ciio: true}
                    - not: {exporter: {ciio: true}}
                then: security-assessment
                because: {en: "planted", zh: "植入"}
            """, before: "cn.provisions.art8.band")
        }
        defer { planted.remove() }
        let finding = try #require(planted.lint().findings.first { $0.code == FindingCode.unsatisfiableCondition && $0.ids.contains("cn.provisions.planted.x-and-not-x") })
        // The condition, under `when:`.
        let id = try planted.line(of: "id: cn.provisions.planted.x-and-not-x", in: Self.provisions)
        #expect((id + 2...id + 3).contains(finding.location.line))
    }

    @Test func aStricterDuplicateOfArt54ShadowsIt() throws {
        let planted = try PlantedPolicy(Self.provisions) {
            $0.insertingRule("""
              - id: cn.provisions.planted.art5-4-strict
                cite: Provisions Art. 5(4)
                when:
                  exporter: {ciio: false}
                  this-flow.personal: {at-least: 1}
                  persons.personal: {below: contract-threshold}
                  items: {none: {class: [sensitive-personal, important, core]}}
                then: contract-or-certification
                because: {en: "planted", zh: "植入"}
            """, before: "cn.provisions.art5-4.below-threshold")
        }
        defer { planted.remove() }
        let report = planted.lint()
        let dead = try #require(report.findings.first { $0.code == FindingCode.deadRule && $0.involved.first?.id == "cn.provisions.art5-4.below-threshold" })
        #expect(dead.severity == .error)
        #expect(dead.ids.contains("cn.provisions.planted.art5-4-strict"))
        #expect(dead.location.line == (try planted.line(of: "- id: cn.provisions.art5-4.below-threshold", in: Self.provisions)))
        let witness = try #require(dead.witness)
        #expect(witness.confirmed)
        let decision = try planted.decide(witness.flow)
        #expect(!planted.ruleIDs(decision).contains("cn.provisions.art5-4.below-threshold"))
        #expect(planted.ruleIDs(decision).contains("cn.provisions.planted.art5-4-strict"))

        let overlap = try #require(report.findings.first {
            $0.code == FindingCode.overlappingOutcomes && $0.ids == ["cn.provisions.art5-4.below-threshold", "cn.provisions.planted.art5-4-strict"]
        })
        #expect(overlap.severity == .warning)
        let flow = try #require(overlap.witness?.flow)
        let both = try planted.decide(flow)
        #expect(planted.appliedIDs(both).contains("cn.provisions.art5-4.below-threshold"))
        #expect(planted.ruleIDs(both).contains("cn.provisions.planted.art5-4-strict"))
        #expect(planted.policy.table(.outcomes).code(both.outcome) == "contract-or-certification")
    }

    @Test func anExceptionThatNeverFires() throws {
        let planted = try PlantedPolicy(Self.provisions) {
            $0.insertingRule("""
              - id: cn.provisions.planted.ciio-exception
                cite: Provisions Art. 5(1)
                when:
                  exporter: {ciio: true}
                then: exempt
                overrides: [cn.provisions.art8.band]  # planted
                because: {en: "planted", zh: "植入"}
            """, before: "cn.provisions.art8.band")
        }
        defer { planted.remove() }
        let finding = try #require(planted.lint().findings.first {
            $0.code == FindingCode.exceptionNeverFires && $0.ids == ["cn.provisions.planted.ciio-exception", "cn.provisions.art8.band"]
        })
        #expect(finding.severity == .error)
        #expect(finding.location.line == (try planted.line(of: "overrides: [cn.provisions.art8.band]  # planted", in: Self.provisions)))
        #expect(finding.proof != nil)
    }

    @Test func aDeletedRuleOpensAGap() throws {
        let planted = try PlantedPolicy(Self.provisions) { text in
            var lines = text.components(separatedBy: "\n")
            lines.removeAll { $0 == "    - cn.provisions.art5-4.below-threshold" }
            guard let start = lines.firstIndex(of: "  - id: cn.provisions.art5-4.below-threshold"),
                  let end = lines[(start + 1)...].firstIndex(where: { $0.hasPrefix("  - id:") || $0.hasPrefix("  # ---") }) else { return text }
            lines.removeSubrange(start..<end)
            return lines.joined(separator: "\n")
        }
        defer { planted.remove() }
        let gaps = planted.lint().findings.filter { $0.code == FindingCode.coverageGap }
        let first = try #require(gaps.first)
        #expect(first.message.contains("from 2024-03-22"))
        #expect(first.location.path.hasSuffix("cn/vocabulary.yaml"))
        for gap in gaps {
            let witness = try #require(gap.witness)
            #expect(witness.confirmed)
            let decision = try planted.decide(witness.flow)
            #expect(decision.fellBack)
            #expect(witness.flow.items.allSatisfy { ($0.individuals ?? 0) >= 1 })
        }
    }

    @Test func aMalformedCitation() throws {
        let planted = try PlantedPolicy(Self.provisions) {
            $0.replacingOccurrences(of: "  - id: cn.provisions.art5-4.below-threshold\n    cite: Provisions Art. 5(4)\n",
                                    with: "  - id: cn.provisions.art5-4.below-threshold\n    cite: Provisions 5(4)\n")
        }
        defer { planted.remove() }
        let finding = try #require(planted.lint().findings.first { $0.code == FindingCode.malformedCitation })
        #expect(finding.ids == ["cn.provisions.art5-4.below-threshold"])
        #expect(finding.severity == .error)
        #expect(finding.location.line == (try planted.line(of: "- id: cn.provisions.art5-4.below-threshold", in: Self.provisions)))
    }

    @Test func anUnusedParameter() throws {
        let planted = try PlantedPolicy(Self.provisions) {
            $0.replacingOccurrences(of: "parameters:\n", with: """
            parameters:
              planted-threshold:
                values:
                  2024-03-22: {value: 250000, cite: Provisions Art. 8}

            """)
        }
        defer { planted.remove() }
        let finding = try #require(planted.lint().findings.first { $0.code == FindingCode.unusedParameter })
        #expect(finding.ids == ["planted-threshold"])
        #expect(finding.severity == .warning)
        #expect(finding.location.line == (try planted.line(of: "planted-threshold:", in: Self.provisions)))
    }

    @Test func aNumberAParameterHoldsWrittenIntoAnExplanation() throws {
        let planted = try PlantedPolicy(Self.provisions) {
            $0.replacingOccurrences(of: "fewer than {contract-threshold}: exempt.", with: "fewer than 100,000: exempt.")
        }
        defer { planted.remove() }
        let finding = try #require(planted.lint().findings.first { $0.code == FindingCode.numberInText })
        #expect(finding.ids == ["cn.provisions.art5-4.below-threshold"])
        #expect(finding.message.contains("{contract-threshold}"))
    }
}
