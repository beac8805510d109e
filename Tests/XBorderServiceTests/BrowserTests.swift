import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The desk page as staff use it: the built `xborder-serve serve` on a free loopback port and
/// Tests/Browser/test_page.py driving headless Chromium against it. The browser, its driver and
/// the Python environment come from `.ci/browser.sh`; without them the test is skipped, except
/// where `XBORDER_BROWSER_TESTS=1` says they must be there (CI), and then it fails.
@Suite("desk page in a browser")
struct BrowserTests {
    @Test(
        "the page decides a flow, switches language, locates an error and runs a suite",
        .enabled(if: BrowserSetup.current.ready || BrowserSetup.required,
                 "the browser test needs Chromium, chromedriver and Tests/Browser/.venv: run .ci/browser.sh")
    )
    func page() async throws {
        let setup = BrowserSetup.current
        guard setup.ready else {
            Issue.record("XBORDER_BROWSER_TESTS=1 but the browser test cannot run; missing: \(setup.missing.joined(separator: ", ")) (run .ci/browser.sh)")
            return
        }
        let server = try BrowserTests.binary("xborder-serve")
        let port = try BrowserTests.freePort()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("xborder-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: server)
        serve.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port)]
        serve.currentDirectoryURL = BrowserSetup.projectRoot
        var environment = ProcessInfo.processInfo.environment
        environment["XBORDER_POLICY_CACHE"] = scratch.appendingPathComponent("policy-cache").path
        serve.environment = environment
        let serverLog = scratch.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: serverLog.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: serverLog)
        serve.standardOutput = logHandle
        serve.standardError = logHandle
        try serve.run()
        defer {
            if serve.isRunning {
                serve.terminate()
                serve.waitUntilExit()
            }
            try? logHandle.close()
        }

        let base = "http://127.0.0.1:\(port)/"
        guard await BrowserTests.healthy(base, while: serve) else {
            let log = (try? String(contentsOf: serverLog, encoding: .utf8)) ?? ""
            Issue.record("xborder-serve did not answer /healthz on port \(port); its output:\n\(log)")
            return
        }

        // Screenshots are kept only where asked for; otherwise they go with the scratch folder.
        let shots = ProcessInfo.processInfo.environment["XBORDER_BROWSER_SCREENSHOTS"] ?? scratch.appendingPathComponent("screenshots").path
        let run = try BrowserTests.run(setup.python, [setup.script, "--url", base, "--screenshots", shots,
                                                     "--chromium", setup.chromium, "--chromedriver", setup.chromedriver])
        let log = (try? String(contentsOf: serverLog, encoding: .utf8)) ?? ""
        #expect(run.status == 0, "test_page.py exited \(run.status):\n\(run.output)\n--- xborder-serve ---\n\(log)")
        #expect(run.output.contains(" passed, 0 failed"), "test_page.py did not report its checks:\n\(run.output)")
    }

    // MARK: helpers

    /// The built binary next to the test bundle, as Tests/xborderTests/Binary.swift finds `xborder`.
    static func binary(_ name: String) throws -> String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = own.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = BrowserSetup.projectRoot.appendingPathComponent(".build/debug/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else { throw BrowserTestError.missingBinary(name) }
        return fallback
    }

    /// A port the kernel has just handed out: bound to port 0, read back, released for the server.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BrowserTestError.noPort }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw BrowserTestError.noPort }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { throw BrowserTestError.noPort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls /healthz until it answers 200, the server exits, or a generous limit passes (a
    /// first start compiles the policy set, which is slow in a debug build on a loaded machine).
    static func healthy(_ base: String, while server: Process) async -> Bool {
        guard let url = URL(string: base + "healthz") else { return false }
        for _ in 0..<240 {
            guard server.isRunning else { return false }
            if let (_, response) = try? await URLSession.shared.data(from: url),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                return true
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs a program to its end with stdout and stderr together, stopped if it hangs.
    static func run(_ executable: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = BrowserSetup.projectRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(600), execute: watchdog)
        defer { watchdog.cancel() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

enum BrowserTestError: Error, CustomStringConvertible {
    case missingBinary(String)
    case noPort

    var description: String {
        switch self {
        case .missingBinary(let name): "the built \(name) was not found; build it with swift build --product \(name)"
        case .noPort: "no free loopback port could be found"
        }
    }
}

/// What the browser test needs on this machine, and which of it is missing.
struct BrowserSetup: Sendable {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let current = BrowserSetup()
    /// CI sets this so that a missing browser fails the run instead of skipping silently.
    static var required: Bool { ProcessInfo.processInfo.environment["XBORDER_BROWSER_TESTS"] == "1" }

    var python: String
    var script: String
    var chromium: String
    var chromedriver: String
    var missing: [String]
    var ready: Bool { missing.isEmpty }

    init() {
        let root = Self.projectRoot
        python = root.appendingPathComponent("Tests/Browser/.venv/bin/python").path
        script = root.appendingPathComponent("Tests/Browser/test_page.py").path
        let environment = ProcessInfo.processInfo.environment
        chromium = environment["CHROMIUM"] ?? Self.onPath("chromium") ?? "/usr/bin/chromium"
        chromedriver = environment["CHROMEDRIVER"] ?? Self.onPath("chromedriver") ?? "/usr/bin/chromedriver"
        var missing: [String] = []
        let files = FileManager.default
        if !files.isExecutableFile(atPath: python) { missing.append("Tests/Browser/.venv") }
        if !files.isExecutableFile(atPath: chromium) { missing.append("chromium") }
        if !files.isExecutableFile(atPath: chromedriver) { missing.append("chromedriver (chromium-driver)") }
        self.missing = missing
    }

    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
