import ArgumentParser

/// The `xborder` command line: a thin layer over the XBorder library.
public struct XBorderCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "xborder",
        abstract: "Decide cross-border data transfers from China against lawyer-written policies.",
        version: ToolInfo.version,
        subcommands: XBorderCommand.allSubcommands
    )

    public init() {}

    /// Runs the command, with misused options and arguments exiting 2 as the public contract
    /// says ("invalid input, policy or usage"), not argument-parser's own 64.
    public static func main() {
        do {
            // The analyses are the sibling binary's: handed over before parsing, so that their
            // own options and `--help` are the ones the user sees.
            let arguments = CommandLine.arguments
            if arguments.count > 1, let forwarded = AnalyzeForwarding.subcommands.first(where: { $0 == arguments[1] }) {
                try AnalyzeForwarding.exec(forwarded, Array(arguments.dropFirst(2)))
            }
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.error(fullMessage(for: error))
                exit(withError: ExitStatus.invalid)
            }
            exit(withError: error)
        }
    }
}
