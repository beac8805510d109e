import ArgumentParser
import Foundation

/// `xborder lint` and `xborder diff` run `xborder-analyze`, the sibling binary that links the SMT
/// solver: `xborder` itself stays free of libz3, so that `check` starts fast and loads nothing heavy.
enum AnalyzeForwarding {
    static let binaryName = "xborder-analyze"
    /// The subcommands that run there.
    static let subcommands = ["lint", "diff"]

    /// The sibling next to the running executable (`/proc/self/exe`, links resolved).
    static var siblingPath: String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return own.deletingLastPathComponent().appendingPathComponent(binaryName).path
    }

    /// Replaces this process with the sibling, so that its output and exit status are the command's.
    static func exec(_ subcommand: String, _ arguments: [String]) throws -> Never {
        let path = siblingPath
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Console.error("error: 'xborder \(subcommand)' needs '\(binaryName)' next to xborder, and '\(path)' is missing; build it with 'swift build --product \(binaryName)'")
            throw ExitStatus.invalid
        }
        let argv = [path, subcommand] + arguments
        var cStrings: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cStrings.append(nil)
        execv(path, cStrings)
        let reason = String(cString: strerror(errno))
        Console.error("error: could not run '\(path)': \(reason)")
        throw ExitStatus.invalid
    }
}

/// `xborder lint`: see `xborder-analyze lint`.
struct LintForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Find impossible, dead and overlapping rules, gaps and authoring slips in a policy folder, with witnesses and proofs.",
        discussion: "Runs xborder-analyze lint; 'xborder lint --help' there lists the options: [DIR] [--as-of DATE] [--strict] [--format text|json|sarif]."
    )

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Arguments for xborder-analyze lint.", valueName: "arguments"))
    var arguments: [String] = []

    func run() throws { try AnalyzeForwarding.exec("lint", arguments) }
}

/// `xborder diff`: see `xborder-analyze diff`.
struct DiffForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a change of the policies changes: the flows decided differently, and a witness or a proof for each difference.",
        discussion: "Runs xborder-analyze diff; 'xborder diff --help' there lists the options: OLD NEW [--flows PATH…] [--format text|json] [--no-proofs]."
    )

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Arguments for xborder-analyze diff.", valueName: "arguments"))
    var arguments: [String] = []

    func run() throws { try AnalyzeForwarding.exec("diff", arguments) }
}
