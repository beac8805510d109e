import ArgumentParser
import XBorder

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a policy folder and report every problem with file, line and column."
    )

    @Argument(help: ArgumentHelp("Policy folder (default: the bundled policies).", valueName: "dir"))
    var directory: String?

    func run() throws {
        let folder = PolicyOptions.directory(directory)
        let started = ContinuousClock.now
        let result = PolicyLoader().load(directory: folder)
        let elapsed = ContinuousClock.now - started
        let renderer = result.renderer
        if !result.diagnostics.isEmpty { Console.error(renderer.render(result.diagnostics)) }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        if errors > 0 {
            Console.error("\(errors) error(s), \(warnings) warning(s) in \(result.fileCount) file(s)")
            throw ExitStatus.invalid
        }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        Console.out("ok: \(result.fileCount) files, \(result.ruleCount) rules and lists, \(warnings) warning(s), compiled in \(String(format: "%.1f", ms)) ms")
        if let digest = result.policy?.digest { Console.out("policy digest \(digest)") }
    }
}

import Foundation
