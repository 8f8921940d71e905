import Foundation
import JSON
import Testing

@testable import AuditTrail
@testable import Observability

/// Reading the trail back across rotated files, and `portcullis audit`'s filters.
@Suite struct AuditTrailReaderTests {
    static func event(_ name: String, time: String, key: String = "AKIDADMIN", request: JSONValue = [:], response: JSONValue = .null) -> String {
        JSONWriter.compact([
            "eventTime": .string(time), "eventName": .string(name),
            "userIdentity": ["type": "Root", "accessKeyId": .string(key), "arn": "arn:aws:iam::123456789012:root"],
            "requestParameters": request, "responseElements": response, "requestID": "r",
        ])
    }

    @Test func rotatedFilesAreReadOldestFirstAndFiltered() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("audit.jsonl").path
        // Each write of ~200 bytes fills a 150-byte file: every line ends in a file of its own.
        let sink = try LocalLogSink(target: path, rotation: .init(maximumBytes: 150, keptFiles: 3), permissions: 0o600)
        let lines = [
            Self.event("CreateRestApi", time: "2026-12-07T08:00:00Z", response: ["id": "api1", "name": "pets"]),
            Self.event("CreateResource", time: "2026-12-07T08:01:00Z", request: ["restApiId": "api1"]),
            Self.event("CreateApi", time: "2026-12-07T08:02:00Z", key: "AKIDOTHER", response: ["apiId": "http1"]),
            Self.event("DeleteRestApi", time: "2026-12-07T08:03:00Z", request: ["restApiId": "api1"]),
        ]
        for line in lines { try sink.write([line]) }
        try sink.write(["{not json"])
        #expect((try FileManager.default.attributesOfItem(atPath: path + ".1")[.posixPermissions] as? Int) == 0o600)
        // Three rotated files kept: the first line rotated out.
        #expect(!FileManager.default.fileExists(atPath: path + ".4"))
        let reader = AuditTrailReader(file: path, keptFiles: 3)
        let all = try reader.events(matching: AuditEventFilter())
        #expect(all.events.compactMap { $0["eventName"]?.stringValue } == ["CreateResource", "CreateApi", "DeleteRestApi"])
        #expect(all.skipped == 1)

        for line in lines.prefix(1) { try sink.write([line]) }
        let byApi = try reader.events(matching: AuditEventFilter(apiId: "api1")).events.compactMap { $0["eventName"]?.stringValue }
        // CreateResource has rotated out by now.
        #expect(byApi == ["DeleteRestApi", "CreateRestApi"])
        let byHttpApi = try reader.events(matching: AuditEventFilter(apiId: "http1")).events
        #expect(byHttpApi.count == 1)
        #expect(try reader.events(matching: AuditEventFilter(user: "AKIDOTHER")).events.count == 1)
        #expect(try reader.events(matching: AuditEventFilter(eventNames: ["DeleteRestApi", "CreateApi"])).events.count == 2)
        let window = AuditEventFilter(
            since: AuditEventFilter.time("2026-12-07T08:01:30Z"), until: AuditEventFilter.time("2026-12-07T08:02:30Z"))
        #expect(try reader.events(matching: window).events.compactMap { $0["eventName"]?.stringValue } == ["CreateApi"])
        let table = AuditTrailReader.table(try reader.events(matching: AuditEventFilter(eventNames: ["CreateApi"])).events)
        #expect(table.split(separator: "\n").count == 2)
        #expect(table.contains("AKIDOTHER"))
    }

    @Test func relativeAndAbsoluteTimes() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(AuditEventFilter.time("15m", now: now) == now.addingTimeInterval(-900))
        #expect(AuditEventFilter.time("2d", now: now) == now.addingTimeInterval(-172_800))
        #expect(AuditEventFilter.time("2026-12-07", now: now) == Date(timeIntervalSince1970: 1_796_601_600))
        #expect(AuditEventFilter.time("yesterday", now: now) == nil)
    }
}
