import Foundation
import Testing

/// The hostile-input probe's findings on the ledger and the audit trail, end to end.
@Suite("ledger and audit trail under hostile input, end to end")
struct LedgerTrustTests {
    let mini = Binary.fixtures.appendingPathComponent("mini").path

    func flow(_ id: String?, date: String = "2025-03-01", persons: Int, exporter: String = "id: 91310000MA1FL00000, name: Example Retail Co.",
              subjects: String? = nil) -> String {
        """
        \(id.map { "id: \($0)" } ?? "")
        date: \(date)
        exporter: {ciio: false, \(exporter)}
        recipient: {country: DE, name: Receiving GmbH}
        items:
          - {name: member profiles, class: personal, individuals: \(persons)\(subjects.map { ", subjects: \($0)" } ?? "")}
        """
    }

    @discardableResult
    func sqlite(_ db: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [db, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    static let hasSQLite = FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")

    /// Editing a ledger row passed verify and flipped the next decision from contract to exempt.
    @Test(.enabled(if: hasSQLite)) func editedLedgerRowFailsVerify() throws {
        let folder = try Binary.temporaryFolder()
        let db = folder.appendingPathComponent("x.db").path
        let first = try Binary.write(flow("A", persons: 60_000), to: "a.yaml", in: folder)
        #expect(try Binary.run(["check", first, "--policies", mini, "--record", "--db", db]).status == 0)
        try sqlite(db, "UPDATE transfer_count SET persons = 1 WHERE flow_id = CAST('A' AS BLOB);")
        let verify = try Binary.run(["audit", "verify", "--db", db])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("record 1 ledger: the ledger row of flow 'A' disagrees"), "\(verify.stdout)")
        #expect(verify.stdout.contains("the ledger counts 1 persons, the audit chain 60000"))
    }

    /// An import overwrote a recorded flow's 150,000 with 1 and left no audit record.
    @Test func importDoesNotOverwriteADecision() throws {
        let folder = try Binary.temporaryFolder()
        let db = folder.appendingPathComponent("x.db").path
        let decided = try Binary.write(flow("T-1", persons: 60_000), to: "t.yaml", in: folder)
        #expect(try Binary.run(["check", decided, "--policies", mini, "--record", "--db", db]).status == 0)
        let history = try Binary.write(
            "flow_id,exporter,date,personal,counted\nH-0,91310000MA1FL00000,2025-01-02,5,true\nT-1,91310000MA1FL00000,2025-03-01,1,true\n",
            to: "history.csv", in: folder)
        let refused = try Binary.run(["ledger", "import", history, "--db", db])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(history):3: flow T-1 was recorded by a decision"), "\(refused.stderr)")
        let kept = try Binary.run(["ledger", "show", "--db", db, "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(kept.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first { $0["counter"] as? String == "personal" }?["countedPersons"] as? Int == 60_000)
        let added = try Binary.write("flow_id,exporter,date,personal,counted\nH-0,91310000MA1FL00000,2025-01-02,5,true\n", to: "h.csv", in: folder)
        #expect(try Binary.run(["ledger", "import", added, "--db", db]).status == 0)
        let export = try Binary.run(["audit", "export", "--format", "jsonl", "--db", db])
        #expect(export.stdout.contains(#""kind":"import""#) && export.stdout.contains(#""source":"\#(added):2""#))
        #expect(try Binary.run(["audit", "verify", "--db", db]).status == 0)
    }

    /// Ids that differ only after an escaped NUL were one transfer and broke verify for good.
    @Test func nulInImportedIdsKeepsTwoTransfers() throws {
        let folder = try Binary.temporaryFolder()
        let db = folder.appendingPathComponent("x.db").path
        let history = try Binary.write("""
            {"flowID":"T\\u0000a","exporter":"E\\u0000x","date":"2025-01-10","persons":{"personal":60000}}
            {"flowID":"T\\u0000b","exporter":"E\\u0000x","date":"2025-01-11","persons":{"personal":60000}}
            {"flowID":"T","exporter":"E","date":"2025-01-11","persons":{"personal":1}}
            """, to: "nul.jsonl", in: folder)
        let run = try Binary.run(["ledger", "import", history, "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("3 new"))
        let show = try Binary.run(["ledger", "show", "--db", db, "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first { $0["exporter"] as? String == "E\u{0}x" }?["countedPersons"] as? Int == 120_000)
        #expect(rows.first { $0["exporter"] as? String == "E" }?["countedPersons"] as? Int == 1)
        let verify = try Binary.run(["audit", "verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("3 records"))
        // Shown to people, control characters are made visible rather than printed raw.
        let text = try Binary.run(["ledger", "show", "--db", db])
        #expect(text.stdout.contains("E\\u{0}x") && !text.stdout.contains("\u{0}"), "\(text.stdout)")
    }

    @Test func recordingRequiresAnID() throws {
        let folder = try Binary.temporaryFolder()
        let db = folder.appendingPathComponent("x.db").path
        let file = try Binary.write(flow(nil, persons: 10), to: "noid.yaml", in: folder)
        let run = try Binary.run(["check", file, "--policies", mini, "--record", "--db", db])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(file): error: 'id' is required for recording"), "\(run.stderr)")
        let line = #"{"date": "2025-05-01", "exporter": {"ciio": false, "id": "E"}, "recipient": {"country": "DE"}, "items": [{"name": "m", "class": "personal", "individuals": 5}]}"#
        let inventory = try Binary.write(#"{"id": "ok", "date": "2025-05-01", "exporter": {"ciio": false, "id": "E"}, "recipient": {"country": "DE"}, "items": [{"name": "m", "class": "personal", "individuals": 5}]}"# + "\n" + line + "\n", to: "inv.jsonl", in: folder)
        let lines = try Binary.run(["check", inventory, "--policies", mini, "--record", "--db", db, "--format", "json"])
        #expect(lines.status == 2)
        #expect(lines.stderr.contains("\(inventory):2: error: 'id' is required for recording"), "\(lines.stderr)")
        // Twice the same id-less batch would have counted once; now it is refused, and only
        // the flow with an id is in the ledger.
        #expect(try Binary.run(["audit", "verify", "--db", db]).stdout.contains("1 records"))
        // Audit only keeps the (keyed) digest as the key.
        let audit = try Binary.run(["check", file, "--policies", mini, "--audit", "--db", db])
        #expect(audit.status == 0, "\(audit.stderr)")
    }

    @Test func recordingErrorsNameTheFileAndLine() throws {
        let folder = try Binary.temporaryFolder()
        let db = folder.appendingPathComponent("x.db").path
        let keyless = #"{"id": "k", "date": "2025-05-01", "exporter": {"ciio": false}, "recipient": {"country": "DE"}, "items": [{"name": "m", "class": "personal", "individuals": 5}]}"#
        let inventory = try Binary.write("\n" + keyless + "\n", to: "inv.jsonl", in: folder)
        let run = try Binary.run(["check", inventory, "--policies", mini, "--record", "--db", db, "--format", "json"])
        #expect(run.status == 2)
        for line in run.stderr.split(separator: "\n") where line.contains("error") {
            #expect(line.hasPrefix("\(inventory):2: error: "), "\(line)")
        }
    }

    /// --mask-names left the id, subjects labels and an id-less exporter's name in clear, and
    /// the digest was an unsalted hash of the unmasked flow.
    @Test func maskedRecordsHoldNoNamesOrIDs() throws {
        let folder = try Binary.temporaryFolder()
        let db = folder.appendingPathComponent("private/x.db").path
        let file = try Binary.write(
            flow("T-secret-42", persons: 70, exporter: "name: Secret Shop", subjects: "patients-of-dr-x"), to: "m.yaml", in: folder)
        let run = try Binary.run(["check", file, "--policies", mini, "--record", "--mask-names", "--db", db])
        #expect(run.status == 0, "\(run.stderr)")
        let export = try Binary.run(["audit", "export", "--format", "jsonl", "--db", db])
        for secret in ["T-secret-42", "Secret Shop", "patients-of-dr-x", "Receiving GmbH", "member profiles"] {
            #expect(!export.stdout.contains(secret), "\(secret) is in the record")
        }
        #expect(export.stdout.contains(#""flowDigest":"hmac-sha256:"#))
        #expect(export.stdout.contains(#""masked":true"#))
        #expect(try Binary.run(["audit", "verify", "--db", db]).status == 0)
        // The ledger itself still keys by the real names, so volumes add up.
        #expect(try Binary.run(["ledger", "show", "--db", db]).stdout.contains("Secret Shop"))
        let modes = try FileManager.default.attributesOfItem(atPath: db)[.posixPermissions] as? Int
        #expect(modes == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("private").path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
    }

    @Test(.enabled(if: hasSQLite)) func signedCheckpointCatchesARewrite() throws {
        let folder = try Binary.temporaryFolder()
        let db = folder.appendingPathComponent("x.db").path
        for (index, id) in ["C1", "C2", "C3"].enumerated() {
            let file = try Binary.write(flow(id, date: "2025-03-0\(index + 1)", persons: 10), to: "\(id).yaml", in: folder)
            #expect(try Binary.run(["check", file, "--policies", mini, "--record", "--db", db]).status == 0)
        }
        let key = folder.appendingPathComponent("audit.key").path
        let keygen = try Binary.run(["audit", "keygen", "--out", key])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let checkpoint = folder.appendingPathComponent("cp.json").path
        let made = try Binary.run(["audit", "checkpoint", "--db", db, "--key", key, "--out", checkpoint])
        #expect(made.status == 0, "\(made.stderr)")
        let good = try Binary.run(["audit", "verify", "--db", db, "--checkpoint", checkpoint, "--trust", key + ".pub"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(try Binary.run(["audit", "verify", "--db", db, "--checkpoint", checkpoint]).status != 0)

        // Rewrite everything and recompute every hash: the chain alone verifies...
        try sqlite(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit; DELETE FROM sqlite_sequence; DELETE FROM transfer_count; DELETE FROM transfer;")
        let file = try Binary.write(flow("C1", persons: 1), to: "rewritten.yaml", in: folder)
        #expect(try Binary.run(["check", file, "--policies", mini, "--record", "--db", db]).status == 0)
        #expect(try Binary.run(["audit", "verify", "--db", db]).status == 0)
        // ...but not against the checkpoint.
        let caught = try Binary.run(["audit", "verify", "--db", db, "--checkpoint", checkpoint, "--trust", key + ".pub"])
        #expect(caught.status == 1)
        #expect(caught.stdout.contains("checkpoint"), "\(caught.stdout)")
        // Another key does not vouch for the checkpoint.
        let other = folder.appendingPathComponent("other.key").path
        #expect(try Binary.run(["audit", "keygen", "--out", other]).status == 0)
        let untrusted = try Binary.run(["audit", "verify", "--db", db, "--checkpoint", checkpoint, "--trust", other + ".pub"])
        #expect(untrusted.status != 0)
        #expect(untrusted.stderr.contains("not signed by the trusted key"))
    }

    /// An auditor recomputes every hash of an exported chain with an independent RFC 8785
    /// implementation (Python's standard library only).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/env") && Fault.system(["python3", "-c", "pass"]) == 0,
                   "python3 is not installed"))
    func independentImplementationRecomputesTheHashes() throws {
        let folder = try Binary.temporaryFolder()
        let db = folder.appendingPathComponent("x.db").path
        let history = try Binary.write("""
            {"flowID":"H\\u0000\\u001f\\"é😀\\u2028","exporter":"\\ue000 Co.","date":"2025-01-10","persons":{"personal":5,"😀":1,"\\ue000":2}}
            """, to: "h.jsonl", in: folder)
        #expect(try Binary.run(["ledger", "import", history, "--db", db]).status == 0)
        for (index, id) in ["J1", "J2"].enumerated() {
            let file = try Binary.write(flow(id, date: "2025-03-0\(index + 1)", persons: 10, subjects: "staff"), to: "\(id).yaml", in: folder)
            let arguments = ["check", file, "--policies", mini, "--record", "--db", db] + (index == 1 ? ["--mask-names"] : [])
            #expect(try Binary.run(arguments).status == 0)
        }
        let export = try Binary.run(["audit", "export", "--format", "jsonl", "--db", db])
        let exported = try Binary.write(export.stdout, to: "audit.jsonl", in: folder)
        let script = try Binary.write(Self.pythonVerifier, to: "verify.py", in: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, exported]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("3 records verified"), "\(text)")
    }

    /// RFC 8785 for the JSON an audit record holds (no floats), written from the RFC, not
    /// from the Swift code.
    static let pythonVerifier = #"""
    import hashlib, json, sys

    def canonical(value):
        if value is None: return "null"
        if value is True: return "true"
        if value is False: return "false"
        if isinstance(value, int): return str(value)
        if isinstance(value, str): return string(value)
        if isinstance(value, list): return "[" + ",".join(canonical(v) for v in value) + "]"
        if isinstance(value, dict):
            names = sorted(value, key=lambda name: name.encode("utf-16-be"))
            return "{" + ",".join(string(n) + ":" + canonical(value[n]) for n in names) + "}"
        raise ValueError("unexpected value %r" % (value,))

    SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}

    def string(text):
        out = []
        for ch in text:
            if ch in SHORT: out.append(SHORT[ch])
            elif ord(ch) < 0x20: out.append("\\u%04x" % ord(ch))
            else: out.append(ch)
        return '"' + "".join(out) + '"'

    previous = "0" * 64
    count = 0
    # Lines end at "\n" only: records may hold U+2028 and other characters that
    # str.splitlines() would also split at.
    for number, line in enumerate(open(sys.argv[1], encoding="utf-8").read().split("\n"), 1):
        if not line: continue
        record = json.loads(line)
        if canonical(record) != line: sys.exit("line %d is not canonical json" % number)
        claimed = record["hash"]
        record["hash"] = ""
        digest = "sha256:" + hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()
        if digest != claimed: sys.exit("line %d: hash %s, recomputed %s" % (number, claimed, digest))
        if record["previousHash"] != previous: sys.exit("line %d does not link to the line before" % number)
        previous = claimed
        count += 1
    print("%d records verified" % count)
    """#
}
