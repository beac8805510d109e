import FuzzSupport
import XBorder
import XBorderScenarios

/// The scenario suite reader, then the run of what it read against the bundled policies and
/// every report (text, JSON, JUnit XML) of the result.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSuite(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let text = FuzzSupport.text(data, count) else { return 0 }
    let suite = SuiteReader(limits: FuzzSupport.limits).read(SourceFile(path: "fuzz-suite.yaml", text: text))
    guard suite.policies == nil else { return 0 }
    var runner = ScenarioRunner(defaultPolicies: "bundled", limits: FuzzSupport.limits)
    runner.preloaded = [loaded]
    let result = runner.run(suites: [suite])
    _ = TextReport(color: false, failOnly: false).render(result)
    _ = result.json(coverage: true).serialized(pretty: false)
    _ = JUnitReport().xml(result)
    return 0
}

/// The bundled policies as the runner knows them, compiled once.
private let loaded = LoadedPolicy(directory: "bundled", result: PolicyLoader().load(directory: FuzzSupport.policiesFolder))

@main
enum FuzzSuiteMain {
    static func main() { FuzzSupport.run(fuzzSuite) }
}
