import ArgumentParser
import Foundation

/// `xborder-analyze`: the analyses that need the SMT solver, kept apart from `xborder` so that
/// deciding a flow never loads libz3. `xborder lint` and `xborder diff` run it.
@main
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xborder",
        abstract: "Analyse policy sets: lint with proofs, and the impact of a change.",
        subcommands: [LintCommand.self, DiffCommand.self]
    )

    /// Misused options exit 2, as every xborder command does.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

enum Output {
    static func error(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}

enum AnalyzeExit {
    static let clean = ExitCode(0)
    static let findings = ExitCode(1)
    static let invalid = ExitCode(2)
}
