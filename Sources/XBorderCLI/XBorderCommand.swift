import ArgumentParser
import XBorderLedger

/// The `xborder` command line: a thin layer over the XBorder library.
public struct XBorderCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "xborder",
        abstract: "Decide cross-border data transfers from China against lawyer-written policies.",
        version: ToolInfo.version,
        subcommands: XBorderCommand.allSubcommands + [ServeForwardCommand.self]
    )

    public init() {}

    /// Runs `xborder`, with misused options and arguments exiting 2 as the public contract says
    /// ("invalid input, policy or usage"), not argument-parser's own 64.
    ///
    /// What needs a heavy library runs in a sibling binary, handed over before parsing so that
    /// its own options and `--help` are the ones the user sees: the analyses (`lint`, `diff`) in
    /// xborder-analyze, which links the SMT solver; the service (`serve`) and every command
    /// given a database server URL (`--db postgres://…`) in xborder-serve, which links the HTTP
    /// server and the PostgreSQL client. `check` itself loads none of them.
    public static func main() {
        do {
            let arguments = CommandLine.arguments
            if arguments.count > 1, let forwarded = AnalyzeForwarding.subcommands.first(where: { $0 == arguments[1] }) {
                try SiblingForwarding.analyze.exec([forwarded] + arguments.dropFirst(2))
            }
            if arguments.count > 1, arguments[1] == "serve" || SiblingForwarding.namesServer(Array(arguments.dropFirst())) {
                try SiblingForwarding.serve.exec(Array(arguments.dropFirst()))
            }
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(Self.self, error)
        }
    }

    /// Runs a root command that offers these subcommands and more (xborder-serve's), with the
    /// same exit statuses; async commands among them are awaited.
    public static func main<Root: ParsableCommand>(root: Root.Type) async {
        do {
            var command = try root.parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(root, error)
        }
    }

    private static func exit<Root: ParsableCommand>(_ root: Root.Type, _ error: any Error) -> Never {
        if root.exitCode(for: error) == .validationFailure {
            Console.error(root.fullMessage(for: error))
            root.exit(withError: ExitStatus.invalid)
        }
        root.exit(withError: error)
    }
}
