import Foundation
import XBorder

/// Loads a policy folder for analysis: the compiled policy and the documents as written.
enum PolicyFolder {
    /// The folder named, else `XBORDER_POLICIES`, else the project's `Policies/`.
    static func directory(_ explicit: String?) -> String {
        if let explicit { return explicit }
        if let path = ProcessInfo.processInfo.environment["XBORDER_POLICIES"], !path.isEmpty { return path }
        let source = URL(fileURLWithPath: #filePath)
        return source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Policies").path
    }

    /// The project's scenario suites: `XBORDER_SCENARIOS`, else the project's `Scenarios/`,
    /// written relative to the working directory when it is below it.
    static var scenarios: String {
        if let path = ProcessInfo.processInfo.environment["XBORDER_SCENARIOS"], !path.isEmpty { return path }
        let source = URL(fileURLWithPath: #filePath)
        let path = source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios").path
        let here = FileManager.default.currentDirectoryPath
        let prefix = here.hasSuffix("/") ? here : here + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Prints the policy's errors and throws the invalid exit status when it does not compile.
    static func load(_ directory: String) throws -> (CompiledPolicy, PolicySet) {
        let result = PolicyLoader().load(directory: directory)
        guard let policy = result.policy, let set = result.set else {
            let errors = result.diagnostics.filter { $0.severity == .error }
            Output.error(result.renderer.render(errors))
            Output.error("error: the policies in '\(directory)' have \(errors.count) error(s); run 'xborder validate \(directory)'")
            throw AnalyzeExit.invalid
        }
        return (policy, set)
    }
}
