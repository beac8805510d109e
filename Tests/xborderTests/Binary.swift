import Foundation
import Testing

/// Runs the built `xborder` binary the way a user does, capturing what it prints.
struct Binary {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = projectRoot.appendingPathComponent("Tests/XBorderTests/Fixtures")

    /// The binary next to the test bundle in the build folder.
    static var path: String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = own.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("xborder").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return projectRoot.appendingPathComponent(".build/debug/xborder").path
    }

    static func run(_ arguments: [String], cwd: String? = nil, environment: [String: String] = [:], timeout: Duration = .seconds(60),
                    stdin: Data? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Compiled policies are cached under the test process's own folder, not the user's.
        env["XBORDER_POLICY_CACHE"] = Scratch.root.appendingPathComponent("policy-cache").path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        if stdin != nil { process.standardInput = input }
        try process.run()
        if let stdin {
            // Written from another thread: a large input must not block against a full output pipe.
            let writer = input.fileHandleForWriting
            DispatchQueue.global().async {
                writer.write(stdin)
                try? writer.close()
            }
        }
        // A hang fails the test instead of stalling the suite.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(timeout.components.seconds)), execute: watchdog)
        defer { watchdog.cancel() }
        // Read before waiting so that a full pipe cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let url = Scratch.root.appendingPathComponent("xborder-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Compares with a stored snapshot; `XBORDER_RECORD=1` rewrites it (review with git diff).
    static func expectSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = projectRoot.appendingPathComponent("Tests/xborderTests/Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["XBORDER_RECORD"] == "1" || !FileManager.default.fileExists(atPath: url.path) {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(name) differs; rerun with XBORDER_RECORD=1 to re-record", sourceLocation: sourceLocation)
    }
}

/// One folder per test process for the files tests write, removed when the process exits, so
/// that a test that fails (or forgets) leaves nothing behind in the temporary directory.
enum Scratch {
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return url
    }()
}
