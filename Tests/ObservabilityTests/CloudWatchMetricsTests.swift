import AWSClients
import Testing

@testable import Observability

/// The CloudWatch push: real requests through the pipeline gathered per series and minute, then
/// expanded into AWS's metrics, units and dimension sets; `PutMetricData`'s form and batches.
@Suite struct CloudWatchMetricsTests {
    func datum(_ data: [CloudWatchClient.Datum], _ name: String, _ dimensions: [(String, String)]) -> CloudWatchClient.Datum? {
        data.first { datum in
            datum.metricName == name && datum.dimensions.count == dimensions.count
                && zip(datum.dimensions, dimensions).allSatisfy { $0.name == $1.0 && $0.value == $1.1 }
        }
    }

    @Test func requestsBecomeStatisticSetsByDimensionSet() async throws {
        let accumulator = CloudWatchMetricsAccumulator(metrics: GatewayMetrics())
        _ = try await ObserversTests().run(["/prod/pets/7", "/prod/pets/8", "/prod/plain", "/prod/nothing", "/other/x"], cloudWatch: accumulator)
        let data = accumulator.takeData()
        let minute: Int64 = 1_765_086_000
        #expect(data.allSatisfy { $0.timestamp == minute })
        // Every request of the stage counts for ApiName and ApiName+Stage; the detailed method's
        // two for its own set too.
        let count = datum(data, "Count", [("ApiName", "pets")])
        #expect(count?.statistics == CloudWatchClient.StatisticSet(sampleCount: 4, sum: 4, minimum: 1, maximum: 1))
        #expect(count?.unit == "Count")
        #expect(datum(data, "Count", [("ApiName", "pets"), ("Stage", "prod")])?.statistics.sum == 4)
        let detailed = [("ApiName", "pets"), ("Method", "GET"), ("Resource", "/pets/{id}"), ("Stage", "prod")]
        #expect(datum(data, "Count", detailed)?.statistics.sum == 2)
        #expect(datum(data, "Count", [("ApiName", "pets"), ("Method", "GET"), ("Resource", "/plain"), ("Stage", "prod")]) == nil)
        // 4XXError: one request of four (the unrouted one); its Average is the error rate.
        #expect(
            datum(data, "4XXError", [("ApiName", "pets"), ("Stage", "prod")])?.statistics
                == CloudWatchClient.StatisticSet(sampleCount: 4, sum: 1, minimum: 0, maximum: 1))
        #expect(datum(data, "5XXError", detailed)?.statistics == CloudWatchClient.StatisticSet(sampleCount: 2, sum: 0, minimum: 0, maximum: 0))
        let latency = datum(data, "Latency", detailed)
        #expect(latency?.unit == "Milliseconds")
        #expect(latency?.statistics == CloudWatchClient.StatisticSet(sampleCount: 2, sum: 84, minimum: 42, maximum: 42))
        // REST APIs have no DataProcessed; taken data is gone.
        #expect(!data.contains { $0.metricName == "DataProcessed" || $0.metricName == "4xx" })
        #expect(accumulator.takeData().isEmpty)
    }

    @Test func aFullAccumulatorDropsAndCounts() {
        let metrics = GatewayMetrics()
        let accumulator = CloudWatchMetricsAccumulator(capacity: 1, metrics: metrics)
        let series = CloudWatchMetricsSeries(kind: .http, api: "a1b2c3", stage: "$default")
        let loop = ObjectIdentifier(series)
        for minute in Int64(0)..<3 {
            accumulator.record(series, minute: minute, loop: loop, status: 200, latency: 5, integrationLatency: 3, bytes: 10)
        }
        accumulator.record(series, minute: 0, loop: loop, status: 502, latency: 7, integrationLatency: nil, bytes: 20)
        #expect(metrics.exposition(connections: 0).contains("portcullis_cloudwatch_dropped_samples_total 2"))
        let data = accumulator.takeData()
        #expect(datum(data, "5xx", [("ApiId", "a1b2c3")])?.statistics.sum == 1)
        #expect(datum(data, "DataProcessed", [("ApiId", "a1b2c3"), ("Stage", "$default")])?.statistics
            == CloudWatchClient.StatisticSet(sampleCount: 2, sum: 30, minimum: 10, maximum: 20))
        #expect(datum(data, "DataProcessed", [("ApiId", "a1b2c3")])?.unit == "Bytes")
        #expect(datum(data, "IntegrationLatency", [("ApiId", "a1b2c3")])?.statistics.sampleCount == 1)
    }

    @Test func theQueryProtocolForm() {
        let datum = CloudWatchClient.Datum(
            metricName: "4XXError", dimensions: [("ApiName", "my pets/v1")], timestamp: 1_765_086_000,
            statistics: CloudWatchClient.StatisticSet(sampleCount: 3, sum: 1, minimum: 0, maximum: 1), unit: "Count")
        #expect(
            CloudWatchClient.encode(datum, index: 2)
                == "&MetricData.member.2.MetricName=4XXError&MetricData.member.2.Dimensions.member.1.Name=ApiName"
                + "&MetricData.member.2.Dimensions.member.1.Value=my%20pets%2Fv1&MetricData.member.2.Timestamp=2025-12-07T05%3A40%3A00Z"
                + "&MetricData.member.2.StatisticValues.SampleCount=3&MetricData.member.2.StatisticValues.Sum=1"
                + "&MetricData.member.2.StatisticValues.Minimum=0&MetricData.member.2.StatisticValues.Maximum=1"
                + "&MetricData.member.2.Unit=Count")
        #expect(CloudWatchClient.formBody(namespace: "AWS/ApiGateway", encodedData: []) == "Action=PutMetricData&Version=2010-08-01&Namespace=AWS%2FApiGateway")
    }

    @Test func batchesStayWithinPutMetricDataLimits() {
        let statistics = CloudWatchClient.StatisticSet(sampleCount: 1, sum: 1, minimum: 1, maximum: 1)
        let small = (0..<2_500).map { index in
            CloudWatchClient.Datum(metricName: "Count", dimensions: [("ApiId", "\(index)")], timestamp: 0, statistics: statistics, unit: "Count")
        }
        #expect(PutMetricDataBatches.split(small, namespace: "AWS/ApiGateway").map(\.count) == [1_000, 1_000, 500])
        // 250-character dimension values: the 1 MB limit cuts first.
        let long = String(repeating: "é", count: 250)
        let large = (0..<1_000).map { index in
            CloudWatchClient.Datum(
                metricName: "Count", dimensions: (0..<8).map { ("D\($0)", "\(index)\(long)") }, timestamp: 0, statistics: statistics, unit: "Count")
        }
        let batches = PutMetricDataBatches.split(large, namespace: "AWS/ApiGateway")
        #expect(batches.count > 1)
        #expect(batches.reduce(0) { $0 + $1.count } == 1_000)
        for batch in batches {
            let body = CloudWatchClient.formBody(
                namespace: "AWS/ApiGateway", encodedData: batch.enumerated().map { CloudWatchClient.encode($0.element, index: $0.offset + 1) })
            #expect(body.utf8.count <= CloudWatchClient.maximumRequestBytes)
        }
    }
}
