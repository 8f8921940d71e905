import Foundation
public import JSON
import Observability

/// Reads an audit trail back: the JSON lines of its file and of its rotated files, oldest first.
public struct AuditTrailReader: Sendable {
    /// The current file; rotated ones are `FILE.1` (newest) to `FILE.{keptFiles}`.
    public var file: String
    public var keptFiles: Int

    public init(file: String, keptFiles: Int) {
        self.file = file
        self.keptFiles = keptFiles
    }

    /// Events that match `filter`, in the order they were written; `skipped` counts lines that
    /// are not JSON objects (a line cut by a crash).
    public func events(matching filter: AuditEventFilter) throws -> (events: [JSONValue], skipped: Int) {
        var events: [JSONValue] = []
        var skipped = 0
        let parser = JSONValueParser(maxDepth: 128)
        for path in LocalLogSink.files(of: file, keptFiles: keptFiles) where FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                guard let event = try? parser.parse(line), event.objectValue != nil else {
                    skipped += 1
                    continue
                }
                if filter.matches(event) { events.append(event) }
            }
        }
        return (events, skipped)
    }

    /// One row per event: time, operation, outcome, caller, source address, API.
    public static func table(_ events: [JSONValue]) -> String {
        var rows = [["TIME", "EVENT", "RESULT", "ACCESS KEY", "SOURCE IP", "API", "REQUEST ID"]]
        for event in events {
            let request = event["requestParameters"]
            let response = event["responseElements"]
            let api =
                request?["restApiId"]?.stringValue ?? request?["apiId"]?.stringValue ?? response?["restApiId"]?.stringValue
                ?? (AuditEventFilter.apiCreations.contains(event["eventName"]?.stringValue ?? "") ? response?["id"]?.stringValue : nil)
            rows.append([
                event["eventTime"]?.stringValue ?? "-", event["eventName"]?.stringValue ?? "-", event["errorCode"]?.stringValue ?? "OK",
                event["userIdentity"]?["accessKeyId"]?.stringValue ?? "-", event["sourceIPAddress"]?.stringValue ?? "-", api ?? "-",
                event["requestID"]?.stringValue ?? "-",
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
