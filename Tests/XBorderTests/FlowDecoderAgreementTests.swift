import PropertyBased
import Testing
@testable import XBorder

/// The two readers of a JSON flow agree: `FlowDecoder`, which an inventory's lines go through,
/// and the located reader (`JSONParser`, then `FlowReader`), which a `.json` file and every line
/// the fast reader gives up on go through. Whatever the fast reader returns, the located reader
/// returns too, equal, and both are decided alike; what the located reader refuses, the fast
/// reader gives up on.
///
/// Flows are drawn from the bundled vocabulary with PropertyBased's generators under a fixed seed
/// (a `propertyCheck` would draw a new seed on every run), written as JSON in many styles, and
/// mutated byte by byte and value by value.
@Suite("The fast JSON flow reader agrees with the located one")
struct FlowDecoderAgreementTests {
    /// Flows drawn; each is written in two styles, and each writing is mutated three times.
    static let flowCount = 400
    static let mutantsPerText = 3

    @Test func generatedFlowsTheirWritingsAndTheirMutantsAreReadAlike() throws {
        let policy = try #require(FlowPropertyTests.policy)
        let judge = Judge(policy: policy)
        let draw = FlowDraw(policy)
        let extras = Extras(policy)
        let choices = Gen.int(in: 0...Int(Int32.max)).array(of: FlowDraw.choiceCount)
        var random = Xoshiro(seed: (0x6A73_6F6E_666C_6F77, 0x7862_6F72_6465_72, 2026, 12))
        var tally = Tally()
        for _ in 0..<Self.flowCount {
            let flow = extras.dress(draw.flow(choices.run(using: &random)), &random)
            let tree = JSONTree(flow)
            let plain = JSONStyle.plain(&random)
            let writings = [(plain, true), (JSONStyle.any(&random), false)]
            for (style, ordinary) in writings {
                let bytes = tree.bytes(style, &random)
                let verdict = judge.verdict(bytes, decides: ordinary)
                tally.count(verdict, valid: true)
                // A valid flow, written validly, is read back as it was by the located reader…
                #expect(verdict.located == flow, "the located reader misreads \(Judge.shown(bytes))")
                // … and, when nothing is escaped, by the fast reader too (an escaped key or
                // country is a shape it may give up on).
                if ordinary {
                    #expect(verdict.fast == flow, "the fast reader does not read \(Judge.shown(bytes))")
                }
                for _ in 0..<Self.mutantsPerText {
                    tally.count(judge.verdict(Mutation.any(tree, bytes, &random)), valid: false)
                }
            }
        }
        // Every kind of answer occurs, so that the agreement was tested on each.
        #expect(tally.valid == 2 * Self.flowCount)
        #expect(tally.mutants == 2 * Self.flowCount * Self.mutantsPerText)
        #expect(tally.mutantsBothRead > tally.mutants / 10, "\(tally)")
        #expect(tally.mutantsBothRefused > tally.mutants / 4, "\(tally)")
        #expect(tally.fastGaveUp > 0, "\(tally)")
    }

    /// Texts at the boundary of what the readers accept: the located reader's verdict is stated,
    /// the fast reader's must agree with it or give up.
    @Test(arguments: NearMiss.all)
    func nearMissesAreReadAlike(_ nearMiss: NearMiss) throws {
        let policy = try #require(FlowPropertyTests.policy)
        let verdict = Judge(policy: policy).verdict(Array(nearMiss.text.utf8))
        #expect((verdict.located != nil) == nearMiss.locatedReads, "\(nearMiss.text)")
    }

    /// The located reader refuses a document of more values than `ParseLimits.standard.maxNodes`
    /// (4 Mi: an item with that many features is a line of 16 MiB, within the 64 MiB a line may
    /// have), so the fast reader must not read one: it leaves every text longer than that many
    /// bytes to the located reader, since a text cannot hold more values than bytes.
    @Test func aTextLongerThanTheLimitOnValuesIsLeftToTheLocatedReader() throws {
        let head = #"{"date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "x", "class": "personal"}]}"#
        let limit = ParseLimits.standard.maxNodes
        var bytes = Array(head.utf8)
        #expect(bytes.withUnsafeBufferPointer(FlowDecoder.decode) != nil)
        bytes += [UInt8](repeating: 0x20, count: limit - bytes.count)
        #expect(bytes.withUnsafeBufferPointer(FlowDecoder.decode) != nil)
        bytes.append(0x0A)
        #expect(bytes.withUnsafeBufferPointer(FlowDecoder.decode) == nil)
    }
}

// MARK: judging

/// Reads bytes both ways, records any disagreement as an issue, and says what each reader read.
struct Judge {
    let policy: CompiledPolicy
    static let path = "inventory.jsonl"

    struct Verdict {
        var fast: Flow?
        var located: Flow?
    }

    /// `decides`: whether flows read both ways are also decided both ways (a flow already
    /// decided in another writing need not be).
    func verdict(_ bytes: [UInt8], decides: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Verdict {
        let fast = bytes.withUnsafeBufferPointer(FlowDecoder.decode)
        let located = Self.located(bytes)
        let verdict = Verdict(fast: fast, located: located?.flow)
        guard let fast else { return verdict }
        guard let located else {
            Issue.record("the fast reader reads what the located reader refuses: \(Self.shown(bytes))", sourceLocation: sourceLocation)
            return verdict
        }
        #expect(located.flow == fast, "the readers read different flows from \(Self.shown(bytes))", sourceLocation: sourceLocation)
        guard decides else { return verdict }
        // As `check` decides a flow the fast reader read: located at its line only.
        let root = XBorder.SourceLocation(path: Self.path, line: 1, column: 1)
        #expect(answer(LocatedFlow(flow: fast, locations: FlowLocations(root: root))) == answer(located),
                "the readers' flows are decided differently: \(Self.shown(bytes))", sourceLocation: sourceLocation)
        return verdict
    }

    static func located(_ bytes: [UInt8]) -> LocatedFlow? {
        bytes.withUnsafeBufferPointer { buffer -> LocatedFlow? in
            guard let node = try? JSONParser().parseDocument(buffer, path: path) else { return nil }
            return try? FlowReader().read(node)
        }
    }

    /// The decision, every stored part of it (what the reports are rendered from), or the codes of
    /// the diagnostics that stopped it (in the order
    /// of their code: a flow the fast reader read is located at its line only, so the located
    /// reader's diagnostics come in another order; `check` reads such a flow again, located).
    func answer(_ flow: LocatedFlow) -> String {
        do {
            let resolved = try policy.resolve(flow)
            let decision = Evaluator(policy: policy).decide(resolved)
            return String(describing: decision)
        } catch {
            return "unresolved: " + error.diagnostics.map(\.code.rawValue).sorted().joined(separator: ",")
        }
    }

    static func shown(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).debugDescription + " (bytes: \(bytes.map { String($0, radix: 16) }.joined(separator: " ")))"
    }
}

/// How often each answer came.
struct Tally: CustomStringConvertible {
    var valid = 0, mutants = 0, mutantsBothRead = 0, mutantsBothRefused = 0, fastGaveUp = 0

    mutating func count(_ verdict: Judge.Verdict, valid isValid: Bool) {
        if isValid { valid += 1 } else { mutants += 1 }
        if verdict.fast == nil, verdict.located != nil { fastGaveUp += 1 }
        guard !isValid else { return }
        if verdict.fast != nil, verdict.located != nil { mutantsBothRead += 1 }
        if verdict.fast == nil, verdict.located == nil { mutantsBothRefused += 1 }
    }

    var description: String {
        "\(valid) valid texts, \(mutants) mutants: \(mutantsBothRead) read by both, \(mutantsBothRefused) refused by both; the fast reader gave up on \(fastGaveUp) the located one read"
    }
}

// MARK: flows

/// What `FlowDraw` leaves out: identifiers and names in several scripts and with characters that
/// need escaping, the exporter's `processes`, catalog entries, features, `listed`.
struct Extras {
    let features: [String]
    let catalog: [String]
    static let names = ["Example Retail Co.", "上海示例零售有限公司", "𠮷野家 Yoshinoya", #"Köln "GmbH" \ / Ü"#, "😀 emoji", "", "a~b",
                         "ÅÄÖ e\u{301}", "\u{FEFF}zero width", "line\\nnot a break", "tab-free\u{A0}space"]
    static let ids = ["91310000MA1FL00000", "T-2025-0042", "编号-7", "id with spaces", "\u{10FFFF}"]

    init(_ policy: CompiledPolicy) {
        features = policy.table(.features).codes
        catalog = policy.catalogEntries.codes
    }

    func dress(_ flow: Flow, _ random: inout Xoshiro) -> Flow {
        var flow = flow
        func maybe<T>(_ values: [T]) -> T? { Bool.random(using: &random) ? values.randomElement(using: &random) : nil }
        flow.id = maybe(Self.ids)
        flow.exporter.id = maybe(Self.ids)
        flow.exporter.name = maybe(Self.names)
        flow.exporter.processes = maybe([0, 999_999, 1_000_000, FlowReader.maxPersons])
        flow.recipient.name = maybe(Self.names)
        for index in flow.items.indices {
            if let name = maybe(Self.names) { flow.items[index].name = name }
            flow.items[index].listed = maybe([true, false])
            if Int.random(in: 0..<4, using: &random) == 0 {
                flow.items[index].features = (0..<Int.random(in: 0...2, using: &random)).compactMap { _ in features.randomElement(using: &random) }
            }
            if let entry = maybe(catalog), Int.random(in: 0..<3, using: &random) == 0 {
                flow.items[index].catalog = entry
                if Bool.random(using: &random) { flow.items[index].dataClass = nil }
            }
        }
        if let prior = flow.prior, Int.random(in: 0..<4, using: &random) == 0 { flow.prior = prior.filter { $0.key == "personal" } }
        return flow
    }
}

// MARK: writing JSON

/// A JSON value to be written in a chosen style; members keep the order they are given in.
indirect enum JSONTree {
    case string(String)
    case number(String)
    case literal(String)
    case object([Member])
    case array([JSONTree])

    struct Member {
        var key: String
        var value: JSONTree
    }

    /// The flow as the flow format writes it, leaving out what it does not state.
    init(_ flow: Flow) {
        func text(_ value: String?) -> JSONTree? { value.map(JSONTree.string) }
        func number(_ value: Int?) -> JSONTree? { value.map { .number(String($0)) } }
        func bool(_ value: Bool?) -> JSONTree? { value.map { .literal($0 ? "true" : "false") } }
        func object(_ members: [(String, JSONTree?)]) -> JSONTree {
            .object(members.compactMap { key, value in value.map { Member(key: key, value: $0) } })
        }
        let e = flow.exporter, r = flow.recipient
        self = object([
            ("id", text(flow.id)), ("date", .string(flow.date.description)),
            ("exporter", object([("id", text(e.id)), ("name", text(e.name)), ("ciio", bool(e.ciio)), ("sector", text(e.sector)),
                                 ("registered_in", text(e.registeredIn)), ("activity_in", text(e.activityIn)), ("processes", number(e.processes))])),
            ("recipient", object([("name", text(r.name)), ("country", .string(r.country)), ("kind", text(r.kind)), ("registered_in", text(r.registeredIn))])),
            ("purpose", text(flow.purpose)), ("scenario", text(flow.scenario)),
            ("items", .array(flow.items.map { item in
                object([("name", .string(item.name)), ("class", text(item.dataClass)), ("individuals", number(item.individuals)), ("minors", bool(item.minors)),
                        ("origin", text(item.origin)), ("category", text(item.category)), ("catalog", text(item.catalog)),
                        ("features", item.features.map { .array($0.map(JSONTree.string)) }), ("subjects", text(item.subjects)), ("listed", bool(item.listed))])
            })),
            ("prior", flow.prior.map { prior in .object(prior.keys.sorted().map { Member(key: $0, value: .number(String(prior[$0] ?? 0))) }) }),
        ])
    }

    /// Nodes in the tree, this one included.
    var size: Int {
        switch self {
        case .string, .number, .literal: 1
        case .object(let members): 1 + members.reduce(0) { $0 + $1.value.size }
        case .array(let elements): 1 + elements.reduce(0) { $0 + $1.size }
        }
    }

    /// The tree with node number `target` (in pre-order, this one 0) replaced by `change` of it.
    func replacing(_ target: Int, _ change: (JSONTree) -> JSONTree) -> JSONTree {
        var counter = 0
        return replacing(target, &counter, change)
    }

    private func replacing(_ target: Int, _ counter: inout Int, _ change: (JSONTree) -> JSONTree) -> JSONTree {
        if counter == target {
            counter += size
            return change(self)
        }
        counter += 1
        switch self {
        case .string, .number, .literal: return self
        case .object(let members):
            return .object(members.map { Member(key: $0.key, value: $0.value.replacing(target, &counter, change)) })
        case .array(let elements):
            return .array(elements.map { $0.replacing(target, &counter, change) })
        }
    }

    func bytes(_ style: JSONStyle, _ random: inout Xoshiro) -> [UInt8] {
        var out: [UInt8] = style.byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        out += style.space(.open(0), &random)
        write(style, depth: 0, into: &out, &random)
        if style.finalNewline { out += style.space(.close(0), &random) + [0x0A] }
        return out
    }

    private func write(_ style: JSONStyle, depth: Int, into out: inout [UInt8], _ random: inout Xoshiro) {
        switch self {
        case .string(let text): out += style.quoted(text, isKey: false, &random)
        case .number(let text), .literal(let text): out += Array(text.utf8)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out += style.space(.beforeComma, &random) + [UInt8(ascii: ",")] }
                out += style.space(.open(depth + 1), &random)
                element.write(style, depth: depth + 1, into: &out, &random)
            }
            out += style.space(.close(elements.isEmpty ? depth + 1 : depth), &random)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in style.ordered(members, &random).enumerated() {
                if index > 0 { out += style.space(.beforeComma, &random) + [UInt8(ascii: ",")] }
                out += style.space(.open(depth + 1), &random)
                out += style.quoted(member.key, isKey: true, &random)
                out += style.space(.beforeColon, &random) + [UInt8(ascii: ":")] + style.space(.afterColon, &random)
                member.value.write(style, depth: depth + 1, into: &out, &random)
            }
            out += style.space(.close(members.isEmpty ? depth + 1 : depth), &random)
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// How a JSON text is written: every choice RFC 8259 leaves to the writer.
struct JSONStyle {
    enum Order: CaseIterable { case written, reversed, shuffled }
    enum Layout: CaseIterable { case compact, spaced, pretty, prettyCRLF, tabs, scattered }
    enum Place { case open(Int), close(Int), beforeColon, afterColon, beforeComma }

    var order = Order.written
    var layout = Layout.compact
    /// Every character beyond ASCII as `\uXXXX`, as a surrogate pair beyond U+FFFF.
    var escapesNonASCII = false
    /// Some ASCII characters of values as `\u00XX`, and `/` as `\/`.
    var escapesASCII = false
    /// Some characters of keys as `\u00XX`.
    var escapesKeys = false
    var uppercaseHex = false
    var byteOrderMark = false
    var finalNewline = false

    /// Any order and layout, nothing escaped that need not be.
    static func plain(_ random: inout Xoshiro) -> JSONStyle {
        JSONStyle(order: Order.allCases.randomElement(using: &random) ?? .written, layout: Layout.allCases.randomElement(using: &random) ?? .compact)
    }

    static func any(_ random: inout Xoshiro) -> JSONStyle {
        var style = plain(&random)
        style.escapesNonASCII = Bool.random(using: &random)
        style.escapesASCII = Int.random(in: 0..<3, using: &random) == 0
        style.escapesKeys = Int.random(in: 0..<4, using: &random) == 0
        style.uppercaseHex = Bool.random(using: &random)
        style.byteOrderMark = Int.random(in: 0..<6, using: &random) == 0
        style.finalNewline = Bool.random(using: &random)
        return style
    }

    func ordered(_ members: [JSONTree.Member], _ random: inout Xoshiro) -> [JSONTree.Member] {
        switch order {
        case .written: members
        case .reversed: members.reversed()
        case .shuffled: members.shuffled(using: &random)
        }
    }

    func space(_ place: Place, _ random: inout Xoshiro) -> [UInt8] {
        let text: String
        switch (layout, place) {
        case (.compact, _): text = ""
        case (.spaced, .afterColon), (.spaced, .open): text = " "
        case (.spaced, _): text = ""
        case (.pretty, .open(let depth)), (.pretty, .close(let depth)): text = "\n" + String(repeating: "  ", count: depth)
        case (.prettyCRLF, .open(let depth)), (.prettyCRLF, .close(let depth)): text = "\r\n" + String(repeating: "    ", count: depth)
        case (.tabs, .open(let depth)), (.tabs, .close(let depth)): text = "\n" + String(repeating: "\t", count: depth)
        case (.pretty, .afterColon), (.prettyCRLF, .afterColon), (.tabs, .afterColon): text = " "
        case (.pretty, _), (.prettyCRLF, _), (.tabs, _): text = ""
        case (.scattered, _): text = ["", "", " ", "\t", "\n", "\r\n", "\r", "  \r\n\t "].randomElement(using: &random) ?? ""
        }
        return Array(text.utf8)
    }

    func quoted(_ text: String, isKey: Bool, _ random: inout Xoshiro) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        func escape(_ value: UInt32) {
            if value > 0xFFFF {
                escape(0xD800 + ((value - 0x10000) >> 10))
                escape(0xDC00 + ((value - 0x10000) & 0x3FF))
                return
            }
            let digits = String(value, radix: 16, uppercase: uppercaseHex)
            out += Array(("\\u" + String(repeating: "0", count: 4 - digits.count) + digits).utf8)
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += Array(#"\""#.utf8)
            case "\\": out += Array(#"\\"#.utf8)
            case "\n": out += Array(#"\n"#.utf8)
            case "\t": out += Array(#"\t"#.utf8)
            case "\r": out += Array(#"\r"#.utf8)
            case "\u{8}": out += Array(#"\b"#.utf8)
            case "\u{C}": out += Array(#"\f"#.utf8)
            case "/" where escapesASCII && !isKey: out += Array(#"\/"#.utf8)
            case _ where scalar.value < 0x20: escape(scalar.value)
            case _ where scalar.value >= 0x80 && escapesNonASCII: escape(scalar.value)
            case _ where (isKey ? escapesKeys : escapesASCII) && Int.random(in: 0..<3, using: &random) == 0: escape(scalar.value)
            default: out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}

// MARK: mutations

/// Small changes to a valid flow's text or to its values, which mostly make it invalid.
enum Mutation {
    /// Bytes that matter to a JSON reader or to UTF-8.
    static let bytes: [UInt8] = Array(#"{}[],:"\ 0123456789-+.eEtfnu/"#.utf8) + [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0xA9, 0xBF, 0xC3, 0xE5, 0xED, 0xEF, 0xF0, 0xFF]

    static let values: [JSONTree] = [
        .literal("null"), .literal("true"), .literal("false"),
        .number("0"), .number("-0"), .number("1"), .number("-1"), .number("1.0"), .number("1e3"), .number("10000000000"), .number("10000000001"),
        .number("99999999999"), .number("100000000000"), .number("9223372036854775808"),
        .string(""), .string("1"), .string("true"), .string("DE"), .string("de"), .string("D"), .string("DEU"), .string("personal"),
        .string("per sonal"), .string("personal\u{A0}"), .string("\u{3000}"), .string("a\u{202E}b"), .string("\u{2067}"), .string("\u{85}"),
        .string("\t"), .string("a\u{0}b"), .string("\u{7F}"), .string("2025-06-10"), .string("2025-02-30"), .string("2025-6-10"), .string("sensitive-personal"),
        .string("lingang"), .string("faces"), .string("é"), .string("e\u{301}"),
        .object([]), .array([]), .array([.string("faces")]), .array([.literal("null")]), .object([JSONTree.Member(key: "personal", value: .number("5"))]),
    ]

    static let keys = ["date", "dtae", "Date", "id", "items", "item", "name", "class", "ciio", "country", "individuals", "features", "prior",
                       "personal", "sensitive", "registered_in", "registeredIn", "", "é", "e\u{301}"]

    static func any(_ tree: JSONTree, _ bytes: [UInt8], _ random: inout Xoshiro) -> [UInt8] {
        var out = bytes
        let at = Int.random(in: 0..<out.count, using: &random)
        switch Int.random(in: 0..<10, using: &random) {
        case 0: out.remove(at: at)
        case 1: out.insert(Self.bytes.randomElement(using: &random) ?? 0, at: at)
        case 2: out[at] = Self.bytes.randomElement(using: &random) ?? 0
        case 3: out.removeSubrange(at...)
        case 4:
            let span = Array(out[at..<min(out.count, at + Int.random(in: 1...12, using: &random))])
            out.insert(contentsOf: span, at: Int.random(in: 0...out.count, using: &random))
        default:
            let target = Int.random(in: 0..<tree.size, using: &random)
            out = tree.replacing(target) { change($0, &random) }.bytes(JSONStyle.any(&random), &random)
        }
        return out
    }

    /// A change of one value: another value, or a member or element added, repeated, renamed or removed.
    static func change(_ node: JSONTree, _ random: inout Xoshiro) -> JSONTree {
        let other = values.randomElement(using: &random) ?? .literal("null")
        switch node {
        case .object(var members) where !members.isEmpty && Int.random(in: 0..<3, using: &random) > 0:
            let index = Int.random(in: 0..<members.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: members.insert(members[index], at: Int.random(in: 0...members.count, using: &random))
            case 1: members.remove(at: index)
            case 2: members[index].key = keys.randomElement(using: &random) ?? ""
            case 3:
                let second = Int.random(in: 0..<members.count, using: &random)
                (members[index].key, members[second].key) = (members[second].key, members[index].key)
            default: members.insert(JSONTree.Member(key: keys.randomElement(using: &random) ?? "", value: other), at: index)
            }
            return .object(members)
        case .array(var elements) where !elements.isEmpty && Int.random(in: 0..<3, using: &random) > 0:
            let index = Int.random(in: 0..<elements.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: elements.append(elements[index])
            case 1: elements.remove(at: index)
            default: elements[index] = other
            }
            return .array(elements)
        default:
            return other
        }
    }
}

// MARK: near misses

struct NearMiss: Sendable, CustomTestStringConvertible {
    var text: String
    /// Whether the located reader reads a flow from it.
    var locatedReads: Bool

    var testDescription: String { text.debugDescription }

    static let base = #"{"date": "2025-06-10", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "x", "class": "personal", "individuals": 150000}]}"#

    /// The base flow with `part` written as `replacement`.
    static func with(_ part: String, _ replacement: String, _ locatedReads: Bool) -> NearMiss {
        NearMiss(text: base.replacing(part, with: replacement), locatedReads: locatedReads)
    }

    static func prior(_ prior: String, _ locatedReads: Bool) -> NearMiss {
        with("]}", #"], "prior": "# + prior + "}", locatedReads)
    }

    static let all: [NearMiss] = [
        NearMiss(text: base, locatedReads: true),
        // Numbers of persons at their bounds and in other forms.
        with("150000", "10000000000", true), with("150000", "10000000001", false), with("150000", "99999999999", false),
        with("150000", "100000000000", false), with("150000", "0", true), with("150000", "-0", true), with("150000", "-1", false),
        with("150000", "1.0", false), with("150000", "1e5", false), with("150000", #""150000""#, false), with("150000", "null", false),
        with("150000", "0150000", false), with("150000", "9223372036854775808", false),
        // Countries.
        with(#""DE""#, #""de""#, false), with(#""DE""#, #""DEU""#, false), with(#""DE""#, #""D""#, false), with(#""DE""#, #""\u0044E""#, true),
        with(#""DE""#, #""ÄB""#, false), with(#""DE""#, #""D1""#, false), with(#""DE""#, "null", false),
        // Names: printable text on one line.
        with(#""x""#, #""\u202e""#, false), with(#""x""#, #""\u0085""#, false), with(#""x""#, #""\t""#, false), with(#""x""#, #""a\u0000""#, false),
        with(#""x""#, #""\u2066x""#, false), with(#""x""#, #""""#, true), with(#""x""#, #""\ud842\udfb7""#, true), with(#""x""#, #""\ud842""#, false),
        with(#""x""#, "\"\u{7F}\"", false), with(#""x""#, "\"a\u{2028}b\"", true), with(#""x""#, "1", true), with(#""x""#, "true", true),
        // Codes: words without spaces or control characters.
        with(#""personal""#, #""per sonal""#, false), with(#""personal""#, "\"personal\u{A0}\"", false), with(#""personal""#, #""""#, false),
        with(#""personal""#, "\"\u{3000}\"", false), with(#""personal""#, #""person\u0061l""#, true), with(#""personal""#, #""persnal""#, true),
        with(#""personal""#, "\"personal\u{301}\"", true), with(#""personal""#, #""personal\u0009""#, false),
        // Prior volumes.
        prior(#"{"personal": 1, "personal": 2}"#, false), prior(#"{"per\u0073onal": 1}"#, true), prior("null", false), prior("[]", false),
        prior("{}", true), prior(#"{"personal": -1}"#, false), prior(#"{"personal": 10000000000}"#, true), prior(#"{"": 0}"#, true),
        prior(#"{"personal": 1, "Personal": 2}"#, true), prior("{\"é\": 1, \"e\\u0301\": 2}", false),
        // Items and features.
        with(#"[{"name": "x", "class": "personal", "individuals": 150000}]"#, "[]", false),
        with(#"[{"name": "x", "class": "personal", "individuals": 150000}]"#, #"{"name": "x", "class": "personal"}"#, false),
        with("150000}", #"150000, "features": "faces"}"#, true), with("150000}", #"150000, "features": [null]}"#, false),
        with("150000}", #"150000, "features": [[]]}"#, false), with("150000}", #"150000, "features": []}"#, true),
        with("150000}", #"150000, "features": ["faces", "faces"]}"#, true), with("150000}", #"150000, "minors": null}"#, false),
        with(#""class": "personal""#, #""catalog": "customer.contact""#, true), with(#""class": "personal", "#, "", false),
        // The exporter.
        with(#"{"ciio": false}"#, "{}", false), with("false}", #""false"}"#, false), with("false}", "0}", false), with("false}", "False}", false),
        with("false}", #"false, "processes": 10000000000}"#, true), with("false}", #"false, "processes": 1.5}"#, false),
        // Keys: unknown, repeated, escaped.
        with(#""date""#, #""dtae""#, false), with(#""date""#, #""Date""#, false), with(#""date""#, #""d\u0061te""#, true),
        with(#""date": "2025-06-10","#, #""date": "2025-06-10", "date": "2025-06-11","#, false), with(#""ciio""#, #""ci\u0069o""#, true),
        with("2025-06-10", "2025-02-30", false), with("2025-06-10", "2025-6-10", false), with(#""2025-06-10""#, "20250610", false),
        // The document around the flow.
        NearMiss(text: "\u{FEFF}" + base, locatedReads: true), NearMiss(text: " \t\r\n" + base + "\r\n", locatedReads: true),
        NearMiss(text: base + "x", locatedReads: false), NearMiss(text: base + base, locatedReads: false),
        NearMiss(text: "\u{FEFF}\u{FEFF}" + base, locatedReads: false), NearMiss(text: "[" + base + "]", locatedReads: false),
        NearMiss(text: "", locatedReads: false), NearMiss(text: String(base.dropLast()), locatedReads: false),
        NearMiss(text: base + "\u{0C}", locatedReads: false), NearMiss(text: "\u{A0}" + base, locatedReads: false),
    ]
}
