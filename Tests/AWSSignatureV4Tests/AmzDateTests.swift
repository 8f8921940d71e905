import AWSSignatureV4
import Testing

@Suite("AmzDate")
struct AmzDateTests {
    @Test(
        "ISO 8601 basic format round-trips",
        arguments: [
            ("19700101T000000Z", Int64(0)),
            ("20150830T123600Z", Int64(1_440_938_160)),
            ("20240229T235930Z", Int64(1_709_251_170)),
            ("19691231T235959Z", Int64(-1)),
            ("20000301T000000Z", Int64(951_868_800)),
            ("99991231T235959Z", Int64(253_402_300_799)),
        ])
    func roundTrip(_ text: String, _ seconds: Int64) {
        let date = AmzDate(iso8601Basic: text)
        #expect(date?.secondsSince1970 == seconds)
        #expect(AmzDate(secondsSince1970: seconds).iso8601Basic == text)
        #expect(AmzDate(secondsSince1970: seconds).dateStamp == String(text.prefix(8)))
    }

    @Test(
        "malformed and impossible dates are refused",
        arguments: [
            "", "2015083T123600Z", "20150830T123600", "20150830t123600z", "2015-08-30T12:36:00Z", "20150230T000000Z",
            "20190229T000000Z", "20151301T000000Z", "20150800T000000Z", "20150830T240000Z", "20150830T126000Z",
            "20150830T123660Z", "2015083OT123600Z", "+0150830T123600Z",
        ])
    func refused(_ text: String) {
        #expect(AmzDate(iso8601Basic: text) == nil)
    }

    @Test(
        "HTTP dates",
        arguments: [
            ("Sun, 30 Aug 2015 12:36:00 GMT", "20150830T123600Z"),
            ("Sun, 30 Aug 2015 12:36:00 -0000", "20150830T123600Z"),
            ("30 Aug 2015 12:36:00 UTC", "20150830T123600Z"),
            ("Mon, 31 Aug 2015 01:00:00 +0200", "20150830T230000Z"),
            ("Sun, 30 Aug 2015 07:36:00 -0500", "20150830T123600Z"),
            ("Thu, 1 Jan 1970 00:00:00 GMT", "19700101T000000Z"),
        ])
    func httpDate(_ text: String, _ expected: String) {
        #expect(AmzDate(httpDate: text)?.iso8601Basic == expected)
    }

    @Test(
        "malformed HTTP dates are refused",
        arguments: [
            "Sun, 30 Aug 2015 12:36:00", "Sun, 30 Foo 2015 12:36:00 GMT", "Sun, 31 Sep 2015 12:36:00 GMT",
            "Sun, 30 Aug 15 12:36:00 GMT", "Sunday, 30-Aug-15 12:36:00 GMT", "Sun Aug 30 12:36:00 2015",
            "Sun, 30 Aug 2015 12:36 GMT", "Sun, 30 Aug 2015 12:36:00 +02",
        ])
    func httpDateRefused(_ text: String) {
        #expect(AmzDate(httpDate: text) == nil)
    }

    @Test("now is today")
    func now() {
        let now = AmzDate.now()
        #expect(now > AmzDate(iso8601Basic: "20240101T000000Z") ?? now)
        #expect(now.adding(seconds: 60).secondsSince1970 == now.secondsSince1970 + 60)
    }
}
