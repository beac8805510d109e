import Testing
@testable import XBorderService

@Suite("service assets")
struct AssetsTests {
    @Test("the OpenAPI document is compiled in")
    func openAPI() {
        #expect(String(decoding: ServiceAssets.openAPI, as: UTF8.self).hasPrefix("openapi: 3.1.0"))
    }
}
