import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XBorder

/// JUnit XML for CI dashboards: one `<testsuite>` per suite, one `<testcase>` per case, with
/// `<failure>` carrying expected against actual and `<error>` for a case that could not run.
/// Built with Foundation's XML tree so that escaping is never done by hand.
public struct JUnitReport: Sendable {
    public init() {}

    public func xml(_ run: RunResult) -> String {
        let root = XMLElement(name: "testsuites")
        Self.set(root, [("name", "xborder scenarios"), ("tests", "\(run.cases + run.suites.count { $0.isInvalid })"),
                        ("failures", "\(run.failed)"), ("errors", "\(run.errors)"), ("time", Self.time(run.seconds))])
        let renderer = run.renderer
        for suite in run.suites {
            let element = XMLElement(name: "testsuite")
            let tests = suite.cases.count + (suite.isInvalid ? 1 : 0)
            Self.set(element, [("name", suite.title), ("tests", "\(tests)"), ("failures", "\(suite.failed)"), ("errors", "\(suite.errors)"),
                               ("time", Self.time(suite.seconds)), ("file", suite.path)])
            if suite.isInvalid {
                let testcase = XMLElement(name: "testcase")
                Self.set(testcase, [("classname", suite.path), ("name", "(suite)"), ("time", Self.time(0))])
                let error = XMLElement(name: "error", stringValue: renderer.render(suite.diagnostics))
                Self.set(error, [("message", suite.diagnostics.first?.description ?? "invalid suite")])
                testcase.addChild(error)
                element.addChild(testcase)
            }
            for result in suite.cases {
                let testcase = XMLElement(name: "testcase")
                Self.set(testcase, [("classname", suite.path), ("name", result.name), ("time", Self.time(result.seconds))])
                switch result.status {
                case .passed:
                    break
                case .failed:
                    let failure = XMLElement(name: "failure", stringValue: "\(result.location.path):\(result.location.line)\n" + result.diff)
                    Self.set(failure, [("message", result.mismatches.map(\.message).joined(separator: "; ")), ("type", "mismatch")])
                    testcase.addChild(failure)
                case .error:
                    let error = XMLElement(name: "error", stringValue: renderer.render(result.diagnostics))
                    Self.set(error, [("message", result.diagnostics.first?.description ?? "invalid case"), ("type", "invalid")])
                    testcase.addChild(error)
                }
                element.addChild(testcase)
            }
            root.addChild(element)
        }
        let document = XMLDocument(rootElement: root)
        document.version = "1.0"
        document.characterEncoding = "UTF-8"
        return document.xmlString(options: [.nodePrettyPrint])
    }

    private static func set(_ element: XMLElement, _ attributes: [(String, String)]) {
        for (name, value) in attributes {
            let attribute = XMLNode(kind: .attribute)
            attribute.name = name
            attribute.stringValue = value
            element.addAttribute(attribute)
        }
    }

    static func time(_ seconds: Double) -> String { String(format: "%.6f", seconds) }
}
