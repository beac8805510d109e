import XBorder

/// Static analysis of a policy set: every finding, proved where it is about behaviour, matched
/// against the acknowledgements the authors wrote.
public struct Linter: Sendable {
    /// The day lists are judged ended on (default: today).
    public var asOf: Day
    /// The largest flow the solver considers, in items; proofs that no flow exists hold up to it.
    public var itemCount: Int

    public init(asOf: Day, itemCount: Int = 3) {
        self.asOf = asOf
        self.itemCount = itemCount
    }

    public func lint(policy: CompiledPolicy, set: PolicySet) -> LintReport {
        var findings = StaticChecks(policy: policy, set: set, asOf: asOf).run()
        findings += BehaviourChecks(policy: policy, set: set, itemCount: itemCount).run()
        let acknowledgements = set.packs.flatMap(\.acknowledgements) + set.lists.flatMap(\.acknowledgements)
        var used = Set<Int>()
        for index in findings.indices where findings[index].severity == .warning {
            let ids = findings[index].ids
            if let match = acknowledgements.indices.first(where: { acknowledgements[$0].finding.name == findings[index].code && Set(acknowledgements[$0].ids.map(\.name)) == ids }) {
                findings[index].acknowledged = acknowledgements[match].reason
                used.insert(match)
            }
        }
        for (index, acknowledgement) in acknowledgements.enumerated() where !used.contains(index) {
            findings.append(Finding(
                code: FindingCode.staleAcknowledgement, severity: .warning,
                message: "acknowledgement of '\(acknowledgement.finding.name)' for \(acknowledgement.ids.map { "'\($0.name)'" }.joined(separator: ", ")) matches no finding: remove it or correct its ids",
                location: acknowledgement.location, involved: acknowledgement.ids.map { Finding.Involved(id: $0.name, cite: nil, location: $0.location) }))
        }
        findings.sort { ($0.location, $0.code) < ($1.location, $1.code) }
        return LintReport(findings: findings, asOf: asOf, itemCount: itemCount, digest: policy.digest)
    }
}

/// What lint found, in order of place in the policy text.
public struct LintReport: Sendable {
    public var findings: [Finding]
    public var asOf: Day
    public var itemCount: Int
    public var digest: String

    public func fails(strict: Bool) -> Bool { findings.contains { $0.fails(strict: strict) } }

    public func count(_ severity: Finding.Severity) -> Int { findings.count { $0.severity == severity } }
}
