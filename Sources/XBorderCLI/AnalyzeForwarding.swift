import ArgumentParser
import Foundation
import XBorderLedger

/// `xborder lint` and `xborder diff` run `xborder-analyze`, the sibling binary that links the SMT
/// solver: `xborder` itself stays free of libz3, so that `check` starts fast and loads nothing heavy.
enum AnalyzeForwarding {
    /// The subcommands that run there.
    static let subcommands = ["lint", "diff"]

    static func exec(_ subcommand: String, _ arguments: [String]) throws -> Never {
        try SiblingForwarding.analyze.exec([subcommand] + arguments)
    }
}

/// A sibling binary next to `xborder` that runs what needs a heavy library.
struct SiblingForwarding {
    let binaryName: String
    /// What to tell a user whose copy lacks the sibling.
    let purpose: String

    static let analyze = SiblingForwarding(binaryName: "xborder-analyze", purpose: "the analyses (lint, diff)")
    static let serve = SiblingForwarding(binaryName: "xborder-serve", purpose: "the service and database servers (serve, --db postgres://…)")

    /// Whether the arguments give `--db` a database server URL, which only xborder-serve opens.
    static func namesServer(_ arguments: [String]) -> Bool {
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { return false }
            if argument == "--db", index + 1 < arguments.count, LedgerStores.isURL(arguments[index + 1]) { return true }
            if argument.hasPrefix("--db="), LedgerStores.isURL(String(argument.dropFirst(5))) { return true }
        }
        return false
    }

    /// The sibling next to the running executable (`/proc/self/exe`, links resolved).
    var path: String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return own.deletingLastPathComponent().appendingPathComponent(binaryName).path
    }

    /// Replaces this process with the sibling, so that its output and exit status are the command's.
    func exec(_ arguments: [String]) throws -> Never {
        let path = path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Console.error("error: \(purpose) need '\(binaryName)' next to xborder, and '\(path)' is missing; build it with 'swift build --product \(binaryName)'")
            throw ExitStatus.invalid
        }
        let argv = [path] + arguments
        var cStrings: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cStrings.append(nil)
        execv(path, cStrings)
        let reason = String(cString: strerror(errno))
        Console.error("error: could not run '\(path)': \(reason)")
        throw ExitStatus.invalid
    }
}

/// `xborder serve`: see `xborder-serve serve`.
struct ServeForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the decision service and the desk's web page over HTTP.",
        discussion: "Runs xborder-serve serve; 'xborder serve --help' there lists the options."
    )

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Arguments for xborder-serve serve.", valueName: "arguments"))
    var arguments: [String] = []

    func run() throws { try SiblingForwarding.serve.exec(["serve"] + arguments) }
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
