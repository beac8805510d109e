import ArgumentParser
import XBorder

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a policy folder and report every problem with file, line and column.",
        discussion: """
        Root causes come first: an error that only follows from another (a name undefined because \
        the file declaring it could not be read) is counted under it; --verbose lists them.
        """
    )

    enum Format: String, ChoiceArgument {
        case text
        case json
    }

    @Argument(help: ArgumentHelp("Policy folder (default: the bundled policies).", valueName: "dir"))
    var directory: String?

    @Option(help: "Output format: text for people, json (one document on standard output) for tools.")
    var format: Format = .text

    @Flag(help: "List under each root cause the errors that follow from it.")
    var verbose = false

    func run() throws {
        let folder = PolicyOptions.directory(directory)
        let started = ContinuousClock.now
        let result = PolicyLoader().load(directory: folder)
        let elapsed = ContinuousClock.now - started
        let folded = FoldedDiagnostic.fold(result.diagnostics)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        if format == .json {
            var pairs: [(String, JSONValue)] = [
                ("ok", .bool(errors == 0)), ("directory", .string(folder)), ("files", .number(result.fileCount)),
                ("errors", .number(errors)), ("warnings", .number(warnings)),
                ("root_causes", .number(folded.filter { $0.root.severity == .error }.count)),
            ]
            if let digest = result.policy?.digest { pairs.append(("digest", .string(digest))) }
            pairs.append(("diagnostics", .array(folded.map(\.json))))
            Console.out(JSONValue.object(pairs).serialized(pretty: true))
            if errors > 0 { throw ExitStatus.invalid }
            return
        }
        if !folded.isEmpty { Console.error(result.renderer.render(folded: folded, verbose: verbose)) }
        if errors > 0 {
            let roots = folded.filter { $0.root.severity == .error }.count
            let caused = roots < errors ? " (\(roots) to fix, \(errors - roots) caused by \(roots == 1 ? "it" : "them"))" : ""
            Console.error("\(errors) error(s)\(caused), \(warnings) warning(s) in \(result.fileCount) file(s)")
            throw ExitStatus.invalid
        }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        Console.out("ok: \(result.fileCount) files, \(result.ruleCount) rules and lists, \(warnings) warning(s), compiled in \(String(format: "%.1f", ms)) ms")
        if let digest = result.policy?.digest { Console.out("policy digest \(digest)") }
    }
}
