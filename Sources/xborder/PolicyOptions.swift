import ArgumentParser
import Foundation
import XBorder

/// `--policies`, shared by every command that decides or validates.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Policy folder (default: the policies bundled with xborder).", valueName: "dir"))
    var policies: String?

    /// The folder to load: the option, then `XBORDER_POLICIES`, then an installed copy next to the
    /// binary, then the project's own `Policies/` (found from this source file's place, so that
    /// `swift run` works from any directory and an edited policy takes effect without a rebuild).
    var directory: String { Self.directory(policies) }

    static func directory(_ explicit: String?) -> String {
        if let explicit { return explicit }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["XBORDER_POLICIES"], !path.isEmpty { return path }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/xborder/Policies").path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        let source = URL(fileURLWithPath: #filePath)
        return source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Policies").path
    }

    /// Loads and compiles, printing diagnostics; throws the invalid exit status on errors.
    func load() throws -> CompiledPolicy {
        let result = PolicyLoader().load(directory: directory)
        guard let policy = result.policy else {
            let errors = result.diagnostics.filter { $0.severity == .error }
            Console.error(result.renderer.render(errors))
            Console.error("error: the policies in '\(directory)' have \(errors.count) error(s); run 'xborder validate \(directory)'")
            throw ExitStatus.invalid
        }
        return policy
    }
}
