import Foundation
import XBorder

/// Records what today's policies decide for a flow as a new case of a suite.
///
/// The case is appended as text, never by rewriting the file, so that the suite's comments and
/// layout survive and the addition reads as a plain `git diff` for the desk to review.
public struct ScenarioRecorder: Sendable {
    /// The policy folder when the suite names none.
    public var defaultPolicies: String
    public var limits: ParseLimits

    public init(defaultPolicies: String, limits: ParseLimits = .standard) {
        self.defaultPolicies = defaultPolicies
        self.limits = limits
    }

    /// What recording `flowPath` into `suitePath` would write; call `write()` on the result to do it.
    public func record(flow flowPath: String, to suitePath: String, name: String? = nil) throws(RecordingError) -> Recording {
        let parser = YAMLParser(limits: limits)
        let flowSource: SourceFile
        let flowNode: Node
        do {
            flowSource = try SourceFile.read(path: flowPath, limit: limits.maxBytes)
        } catch {
            throw RecordingError([Diagnostic(.unreadable, "\(error)", at: SourceLocation(path: flowPath, line: 1, column: 1))])
        }
        do {
            flowNode = try parser.parseDocument(flowSource)
        } catch {
            throw RecordingError([error], sources: [flowSource])
        }
        var sources = [flowSource]

        // The suite as it stands: its defaults, policies, case names and where cases go.
        let exists = FileManager.default.fileExists(atPath: suitePath)
        var existingText = ""
        var defaults: Node?
        var policies: String?
        var names: Set<String> = []
        var dashIndent = 2
        if exists {
            let suiteSource: SourceFile
            do {
                suiteSource = try SourceFile.read(path: suitePath, limit: limits.maxBytes)
            } catch {
                throw RecordingError([Diagnostic(.unreadable, "\(error)", at: SourceLocation(path: suitePath, line: 1, column: 1))])
            }
            sources.append(suiteSource)
            existingText = suiteSource.text
            let root: Node
            do {
                root = try parser.parseDocument(suiteSource)
            } catch {
                throw RecordingError([error], sources: sources)
            }
            guard let pairs = root.pairs, pairs.first?.key == "suite" else {
                throw RecordingError([Diagnostic(.typeMismatch, "'\(suitePath)' is not a scenario suite: its first key is not 'suite'", at: root.location)],
                                     sources: sources)
            }
            guard let last = pairs.last, last.key == "cases" else {
                let at = pairs.first { $0.key == "cases" }?.keyLocation ?? root.location
                throw RecordingError([Diagnostic(.invalidValue, "'cases' must be the last key of the suite to append a case", at: at,
                                                 help: "move 'cases:' and its list to the end of the file")], sources: sources)
            }
            if let elements = last.value.elements {
                guard let first = elements.first, let line = suiteSource.line(first.location.line),
                      line.trimmingCharacters(in: .whitespaces).hasPrefix("-") else {
                    throw RecordingError([Diagnostic(.invalidValue, "'cases' must be a block list ('- name: …' lines) to append a case",
                                                     at: last.value.location)], sources: sources)
                }
                dashIndent = line.prefix { $0 == " " }.count
                for element in elements { if let caseName = element["name"]?.scalar?.text { names.insert(caseName) } }
            } else if last.value.scalar?.isNull != true {
                throw RecordingError([Diagnostic(.typeMismatch, "expected 'cases' as a list, found \(last.value.kindName)", at: last.value.location)],
                                     sources: sources)
            }
            defaults = root["defaults"].flatMap { $0.pairs != nil ? $0 : nil }
            policies = root["policies"]?.scalar.map { SuiteReader.resolve($0.text, against: (suitePath as NSString).deletingLastPathComponent) }
        }

        // Decide the flow as the case will be decided: defaults merged under it.
        let directory = policies ?? defaultPolicies
        let loaded = LoadedPolicy(directory: directory, limits: limits)
        guard let policy = loaded.policy, let index = loaded.index else {
            throw RecordingError(loaded.diagnostics + [Diagnostic(.unreadable, "the policies in '\(directory)' have \(loaded.diagnostics.count) error(s)",
                                                                  at: SourceLocation(path: directory, line: 1, column: 1))],
                                 sources: loaded.sources)
        }
        let merged = defaults.map { FlowDefaults.merge($0, under: flowNode) } ?? flowNode
        let evaluator = Evaluator(policy: policy)
        let report: DecisionReport
        do {
            let resolved = try policy.resolve(try FlowReader().read(merged))
            report = DecisionReport(decision: evaluator.decide(resolved), flow: resolved, policy: policy)
        } catch {
            throw RecordingError(error.diagnostics, sources: sources)
        }

        let caseName = try uniqueName(name, flowID: report.flowID, flowPath: flowPath, taken: names, at: SourceLocation(path: suitePath, line: 1, column: 1))
        let flowText = defaults.map { FlowDefaults.reduce(flowNode, by: $0) } ?? flowNode
        let caseText = Self.caseText(name: caseName, cite: report.rules.first?.cite, flow: flowText, report: report, from: flowPath, indent: dashIndent)
        var fileText: String
        if exists {
            fileText = existingText
            if !fileText.isEmpty, !fileText.hasSuffix("\n") { fileText += "\n" }
            if last(fileText).map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? false { fileText += "\n" }
            fileText += caseText
        } else {
            let title = ((suitePath as NSString).lastPathComponent as NSString).deletingPathExtension
            fileText = "suite: \(YAMLWriter.scalarText(title, wasPlain: false, inFlow: false))\ncases:\n" + caseText
        }

        // The appended text must read back as a valid case that passes, or nothing is written.
        let reread = SuiteReader(limits: limits).read(SourceFile(path: suitePath, text: fileText))
        let problems = reread.diagnostics + (reread.cases.first { $0.name == caseName }?.diagnostics ?? [])
        guard problems.isEmpty, let recorded = reread.cases.last, recorded.name == caseName else {
            let found = problems.isEmpty ? [Diagnostic(.invalidValue, "the recorded case does not read back as the suite's last case",
                                                       at: SourceLocation(path: suitePath, line: 1, column: 1))] : problems
            throw RecordingError(found, sources: sources + [SourceFile(path: suitePath, text: fileText)])
        }
        let check = ScenarioRunner(defaultPolicies: directory).run(recorded, evaluator: evaluator, index: index)
        guard check.status == .passed else {
            throw RecordingError(check.diagnostics + [Diagnostic(.conflict, "the recorded case does not pass when run: \(check.mismatches.map(\.message).joined(separator: "; "))",
                                                                 at: recorded.location)],
                                 sources: sources + [SourceFile(path: suitePath, text: fileText)])
        }
        return Recording(suitePath: suitePath, caseName: caseName, caseText: caseText, fileText: fileText, createsSuite: !exists,
                         actual: ActualDecision(report), policyDirectory: directory)
    }

    private func last(_ text: String) -> String? {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last.map(String.init)
    }

    private func uniqueName(_ given: String?, flowID: String?, flowPath: String, taken: Set<String>, at location: SourceLocation) throws(RecordingError) -> String {
        if let given {
            guard !taken.contains(given) else {
                throw RecordingError([Diagnostic(.duplicateID, "the suite already has a case named '\(given)'", at: location,
                                                 help: "choose another name with --name")])
            }
            return given
        }
        let base = flowID ?? ((flowPath as NSString).lastPathComponent as NSString).deletingPathExtension
        var candidate = base
        var n = 2
        while taken.contains(candidate) {
            candidate = "\(base) (\(n))"
            n += 1
        }
        return candidate
    }

    /// The case in the suites' own style.
    static func caseText(name: String, cite: String?, flow: Node, report: DecisionReport, from flowPath: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines = ["\(pad)# recorded by 'xborder test --record' from \(flowPath); review before committing"]
        lines.append("\(pad)- name: \(YAMLWriter.scalarText(name, wasPlain: false, inFlow: false))")
        if let cite { lines.append("\(pad)  cite: \(YAMLWriter.scalarText(cite, wasPlain: false, inFlow: false))") }
        lines.append("\(pad)  flow:")
        lines.append(contentsOf: YAMLWriter.lines(flow, indent: indent + 4))
        lines.append("\(pad)  expect:")
        lines.append("\(pad)    outcome: \(report.outcome)")
        func list(_ ids: [String]) -> String { "[" + ids.map { YAMLWriter.scalarText($0, wasPlain: false, inFlow: true) }.joined(separator: ", ") + "]" }
        if !report.rules.isEmpty { lines.append("\(pad)    rules: \(list(report.rules.map(\.id)))") }
        if !report.obligations.isEmpty { lines.append("\(pad)    obligations: \(list(report.obligations.map(\.id)))") }
        return lines.joined(separator: "\n") + "\n"
    }
}
