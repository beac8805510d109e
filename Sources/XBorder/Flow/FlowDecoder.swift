/// Reads a well-formed JSON flow straight from its bytes into a `Flow`: no syntax tree, no map
/// of locations, no copy of the text. This is how an inventory is read at the speed of the disk.
///
/// It accepts only what `FlowReader` accepts and reads it to the same `Flow`, and it gives up
/// (nil) at the first thing that is not the ordinary shape of a valid flow: a syntax error, an
/// unknown or repeated key, a `null`, a value of another type, a number out of range. The caller
/// then reads that one flow again through `JSONParser` and `FlowReader`, which say what is wrong
/// and where. So a diagnostic is the same whichever way a flow is read, and this reader never
/// needs to explain anything. (`FlowDecoderAgreementTests` checks the agreement on generated and
/// mutated flows; the `jsonflow` fuzz target checks it on whatever libFuzzer finds.)
public enum FlowDecoder {
    /// The flow in `bytes` (one JSON value, whitespace around it allowed), or nil when it must be
    /// read the located way.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Flow? {
        // The located reader refuses a document of more values than `ParseLimits.standard`
        // allows (`limit-exceeded`); every value begins at a byte of its own, so a text no longer
        // than that limit holds no more values. A longer one is left to the located reader.
        guard bytes.count <= ParseLimits.standard.maxNodes else { return nil }
        var reader = Reader(scanner: JSONScanner(bytes))
        do {
            reader.scanner.skipByteOrderMark()
            reader.scanner.skipSpace()
            let flow = try reader.flow()
            reader.scanner.skipSpace()
            return reader.scanner.atEnd ? flow : nil
        } catch {
            return nil
        }
    }

    /// The reason to give up; never shown to anyone.
    struct GiveUp: Error {}

    struct Reader {
        var scanner: JSONScanner

        // MARK: structure

        /// Calls `body` with each key of an object (as its raw bytes) with the scanner at its
        /// value; `body` reads the value. Keys must be plain ASCII without escapes.
        mutating func object(_ body: (inout Reader, Range<Int>) throws(GiveUp) -> Void) throws(GiveUp) {
            guard scanner.peek == UInt8(ascii: "{") else { throw GiveUp() }
            scanner.offset += 1
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: "}") {
                scanner.offset += 1
                return
            }
            while true {
                guard scanner.peek == UInt8(ascii: "\""), let key = scanner.simpleString() else { throw GiveUp() }
                scanner.skipSpace()
                guard scanner.peek == UInt8(ascii: ":") else { throw GiveUp() }
                scanner.offset += 1
                scanner.skipSpace()
                try body(&self, key)
                scanner.skipSpace()
                switch scanner.peek {
                case UInt8(ascii: ","):
                    scanner.offset += 1
                    scanner.skipSpace()
                case UInt8(ascii: "}"):
                    scanner.offset += 1
                    return
                default:
                    throw GiveUp()
                }
            }
        }

        /// Calls `body` with the scanner at each element of an array.
        mutating func array(_ body: (inout Reader) throws(GiveUp) -> Void) throws(GiveUp) {
            guard scanner.peek == UInt8(ascii: "[") else { throw GiveUp() }
            scanner.offset += 1
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: "]") {
                scanner.offset += 1
                return
            }
            while true {
                try body(&self)
                scanner.skipSpace()
                switch scanner.peek {
                case UInt8(ascii: ","):
                    scanner.offset += 1
                    scanner.skipSpace()
                case UInt8(ascii: "]"):
                    scanner.offset += 1
                    return
                default:
                    throw GiveUp()
                }
            }
        }

        /// Whether the key's bytes are `name`.
        func key(_ range: Range<Int>, is name: StaticString) -> Bool {
            guard range.count == name.utf8CodeUnitCount else { return false }
            let start = name.utf8Start
            for k in 0..<range.count where scanner.bytes[range.lowerBound + k] != start[k] { return false }
            return true
        }

        /// Marks `bit` as seen; a key given twice is for the located reader to report.
        func once(_ bit: Int, _ seen: inout UInt32) throws(GiveUp) {
            guard seen & (1 << bit) == 0 else { throw GiveUp() }
            seen |= 1 << bit
        }

        // MARK: values, as FlowReader reads them

        mutating func string() throws(GiveUp) -> String {
            guard scanner.peek == UInt8(ascii: "\"") else { throw GiveUp() }
            do { return try scanner.string() } catch { throw GiveUp() }
        }

        /// Text that identifies or names something: printable, one line (`FlowReader.checkPrintable`).
        mutating func text() throws(GiveUp) -> String {
            // Printable ASCII without escapes, as nearly every name is, is checked on its bytes.
            if scanner.peek == UInt8(ascii: "\""), let range = scanner.simpleString() {
                let bytes = UnsafeBufferPointer(rebasing: scanner.bytes[range])
                guard !bytes.contains(0x7F) else { throw GiveUp() }
                return String(decoding: bytes, as: UTF8.self)
            }
            let text = try string()
            if text.unicodeScalars.contains(where: FlowReader.isControl) { throw GiveUp() }
            return text
        }

        /// A code: a word without spaces or control characters (`NodeReader.code`).
        mutating func code() throws(GiveUp) -> String {
            if scanner.peek == UInt8(ascii: "\""), let range = scanner.simpleString() {
                let bytes = UnsafeBufferPointer(rebasing: scanner.bytes[range])
                // `simpleString` has let through no control character but DEL; a space ends a code.
                guard !bytes.isEmpty, !bytes.contains(where: { $0 == 0x20 || $0 == 0x7F }) else { throw GiveUp() }
                return String(decoding: bytes, as: UTF8.self)
            }
            let text = try string()
            guard NodeReader.isCode(text) else { throw GiveUp() }
            return text
        }

        mutating func bool() throws(GiveUp) -> Bool {
            switch scanner.literal() {
            case .true?: return true
            case .false?: return false
            default: throw GiveUp()
            }
        }

        /// A number of persons: digits only, at most `FlowReader.maxPersons`.
        mutating func persons() throws(GiveUp) -> Int {
            guard let first = scanner.peek, JSONScanner.isDigit(first) else { throw GiveUp() }
            let range: Range<Int>
            do {
                let (text, isInteger) = try scanner.number()
                guard isInteger else { throw GiveUp() }
                range = text
            } catch {
                throw GiveUp()
            }
            // Eleven digits hold every allowed number; more cannot be in range.
            guard range.count <= 11 else { throw GiveUp() }
            var value = 0
            for k in range { value = value * 10 + Int(scanner.bytes[k] - 0x30) }
            guard value <= FlowReader.maxPersons else { throw GiveUp() }
            return value
        }

        mutating func day() throws(GiveUp) -> Day {
            // `YYYY-MM-DD` in digits is read from its bytes; any other text as `Day(iso:)` reads it.
            let start = scanner.offset
            if scanner.peek == UInt8(ascii: "\""), let range = scanner.simpleString(), range.count == 10 {
                let b = scanner.bytes, at = range.lowerBound
                func digits(_ from: Int, _ count: Int) -> Int? {
                    var value = 0
                    for k in from..<(from + count) {
                        guard JSONScanner.isDigit(b[at + k]) else { return nil }
                        value = value * 10 + Int(b[at + k] - 0x30)
                    }
                    return value
                }
                if b[at + 4] == UInt8(ascii: "-"), b[at + 7] == UInt8(ascii: "-"),
                   let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2) {
                    guard let parsed = Day(year: year, month: month, day: day) else { throw GiveUp() }
                    return parsed
                }
            }
            scanner.offset = start
            guard let day = Day(iso: try string()) else { throw GiveUp() }
            return day
        }

        // MARK: the flow

        mutating func flow() throws(GiveUp) -> Flow {
            var seen: UInt32 = 0
            var id: String?, date: Day?, exporter: Flow.Exporter?, recipient: Flow.Recipient?
            var purpose: String?, scenario: String?, items: [Flow.Item]?, prior: [String: Int]?
            try object { (r, key) throws(GiveUp) in
                if r.key(key, is: "id") {
                    try r.once(0, &seen); id = try r.text()
                } else if r.key(key, is: "date") {
                    try r.once(1, &seen); date = try r.day()
                } else if r.key(key, is: "exporter") {
                    try r.once(2, &seen); exporter = try r.exporter()
                } else if r.key(key, is: "recipient") {
                    try r.once(3, &seen); recipient = try r.recipient()
                } else if r.key(key, is: "purpose") {
                    try r.once(4, &seen); purpose = try r.code()
                } else if r.key(key, is: "scenario") {
                    try r.once(5, &seen); scenario = try r.code()
                } else if r.key(key, is: "items") {
                    try r.once(6, &seen); items = try r.items()
                } else if r.key(key, is: "prior") {
                    try r.once(7, &seen); prior = try r.prior()
                } else {
                    throw GiveUp()
                }
            }
            guard let date, let exporter, let recipient, let items, !items.isEmpty else { throw GiveUp() }
            return Flow(id: id, date: date, exporter: exporter, recipient: recipient, purpose: purpose, scenario: scenario, items: items, prior: prior)
        }

        mutating func exporter() throws(GiveUp) -> Flow.Exporter {
            var seen: UInt32 = 0
            var id: String?, name: String?, ciio: Bool?, sector: String?, registeredIn: String?, activityIn: String?, processes: Int?
            try object { (r, key) throws(GiveUp) in
                if r.key(key, is: "id") {
                    try r.once(0, &seen); id = try r.text()
                } else if r.key(key, is: "name") {
                    try r.once(1, &seen); name = try r.text()
                } else if r.key(key, is: "ciio") {
                    try r.once(2, &seen); ciio = try r.bool()
                } else if r.key(key, is: "sector") {
                    try r.once(3, &seen); sector = try r.code()
                } else if r.key(key, is: "registered_in") {
                    try r.once(4, &seen); registeredIn = try r.code()
                } else if r.key(key, is: "activity_in") {
                    try r.once(5, &seen); activityIn = try r.code()
                } else if r.key(key, is: "processes") {
                    try r.once(6, &seen); processes = try r.persons()
                } else {
                    throw GiveUp()
                }
            }
            guard let ciio else { throw GiveUp() }
            return Flow.Exporter(id: id, name: name, ciio: ciio, sector: sector, registeredIn: registeredIn, activityIn: activityIn, processes: processes)
        }

        mutating func recipient() throws(GiveUp) -> Flow.Recipient {
            var seen: UInt32 = 0
            var name: String?, country: String?, kind: String?, registeredIn: String?
            try object { (r, key) throws(GiveUp) in
                if r.key(key, is: "name") {
                    try r.once(0, &seen); name = try r.text()
                } else if r.key(key, is: "country") {
                    try r.once(1, &seen); country = try r.country()
                } else if r.key(key, is: "kind") {
                    try r.once(2, &seen); kind = try r.code()
                } else if r.key(key, is: "registered_in") {
                    try r.once(3, &seen); registeredIn = try r.code()
                } else {
                    throw GiveUp()
                }
            }
            guard let country else { throw GiveUp() }
            return Flow.Recipient(name: name, country: country, kind: kind, registeredIn: registeredIn)
        }

        /// Two capital letters, as the located reader requires of an ISO 3166-1 code.
        mutating func country() throws(GiveUp) -> String {
            guard scanner.peek == UInt8(ascii: "\""), let range = scanner.simpleString(), range.count == 2,
                  range.allSatisfy({ scanner.bytes[$0] >= UInt8(ascii: "A") && scanner.bytes[$0] <= UInt8(ascii: "Z") }) else { throw GiveUp() }
            return String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[range]), as: UTF8.self)
        }

        mutating func items() throws(GiveUp) -> [Flow.Item] {
            var items: [Flow.Item] = []
            items.reserveCapacity(4)
            try array { (r) throws(GiveUp) in items.append(try r.item()) }
            return items
        }

        mutating func item() throws(GiveUp) -> Flow.Item {
            var seen: UInt32 = 0
            var name: String?, dataClass: String?, individuals: Int?, minors: Bool?, origin: String?, category: String?
            var catalog: String?, features: [String]?, subjects: String?, listed: Bool?
            try object { (r, key) throws(GiveUp) in
                if r.key(key, is: "name") {
                    try r.once(0, &seen); name = try r.text()
                } else if r.key(key, is: "class") {
                    try r.once(1, &seen); dataClass = try r.code()
                } else if r.key(key, is: "individuals") {
                    try r.once(2, &seen); individuals = try r.persons()
                } else if r.key(key, is: "minors") {
                    try r.once(3, &seen); minors = try r.bool()
                } else if r.key(key, is: "origin") {
                    try r.once(4, &seen); origin = try r.code()
                } else if r.key(key, is: "category") {
                    try r.once(5, &seen); category = try r.code()
                } else if r.key(key, is: "catalog") {
                    try r.once(6, &seen); catalog = try r.code()
                } else if r.key(key, is: "features") {
                    try r.once(7, &seen)
                    var codes: [String] = []
                    try r.array { (r) throws(GiveUp) in codes.append(try r.code()) }
                    features = codes
                } else if r.key(key, is: "subjects") {
                    try r.once(8, &seen); subjects = try r.text()
                } else if r.key(key, is: "listed") {
                    try r.once(9, &seen); listed = try r.bool()
                } else {
                    throw GiveUp()
                }
            }
            guard let name, dataClass != nil || catalog != nil else { throw GiveUp() }
            return Flow.Item(name: name, dataClass: dataClass, individuals: individuals, minors: minors, origin: origin, category: category,
                             catalog: catalog, features: features, subjects: subjects, listed: listed)
        }

        mutating func prior() throws(GiveUp) -> [String: Int] {
            guard scanner.peek == UInt8(ascii: "{") else { throw GiveUp() }
            // Room for the usual counters at once, so that the table is not grown while read.
            var counts = [String: Int](minimumCapacity: 4)
            try object { (r, key) throws(GiveUp) in
                let name = String(decoding: UnsafeBufferPointer(rebasing: r.scanner.bytes[key]), as: UTF8.self)
                guard counts.updateValue(try r.persons(), forKey: name) == nil else { throw GiveUp() }
            }
            return counts
        }
    }
}
