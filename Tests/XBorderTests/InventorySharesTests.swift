import Testing
@testable import XBorder

@Suite("inventory batches cut into shares")
struct InventorySharesTests {
    @Test("every line is in exactly one share, in order, and no share is empty", arguments: [1, 2, 3, 8, 16])
    func cover(cores: Int) {
        for count in 0...700 {
            let shares = InventoryDecider.shares(of: count, cores: cores)
            #expect(shares.allSatisfy { !$0.isEmpty }, "\(count) lines, \(cores) cores")
            #expect(shares.flatMap { Array($0) } == Array(0..<count), "\(count) lines, \(cores) cores")
            #expect(shares.count <= max(1, cores * 4))
        }
    }

    @Test("10 lines on 2 cores: five shares of 2, not eight of which three start past the end")
    func tenOnTwo() {
        #expect(InventoryDecider.shares(of: 10, cores: 2) == [0..<2, 2..<4, 4..<6, 6..<8, 8..<10])
    }
}
