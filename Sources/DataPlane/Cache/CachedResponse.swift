import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// A method response as the stage cache keeps it: status, headers and body, or, for a method with
/// `cacheDataEncrypted`, all three sealed with AES-256-GCM under the process's cache key (random
/// at start, never stored: a restart empties the cache anyway), so that the plaintext of such a
/// response stays in memory only while it is being served.
struct CachedResponse: Sendable {
    private enum Content: Sendable {
        case plain(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?)
        /// AES-GCM's combined form (nonce, ciphertext, tag) of `serialize`'s bytes.
        case sealed(ByteBuffer)
    }

    private let content: Content
    /// What the entry counts against the cache's capacity: the stored bytes of body and headers
    /// (which AWS's 1,048,576-byte limit applies to) and `overhead`.
    let cost: Int

    /// The largest response AWS caches, in bytes.
    static let maximumCost = 1_048_576
    /// What an entry costs besides its bytes (its slot, key and dictionary entry), so that many
    /// small entries cannot outgrow the capacity unseen.
    static let overhead = 128

    /// The stored form of `response`; nil when it is larger than AWS caches (or cannot be sealed).
    init?(_ response: GatewayHTTPResponse, sealingWith key: SymmetricKey?) {
        var headerBytes = 0
        for (name, value) in response.headers { headerBytes += name.utf8.count + value.utf8.count }
        let plainCost = headerBytes + (response.body?.readableBytes ?? 0)
        guard plainCost <= Self.maximumCost else { return nil }
        guard let key else {
            // A copy of exactly the body's size: the answer's own buffer may hold spare capacity
            // (or share the storage of a larger read) that the cost would not count.
            let body = response.body.map { ByteBuffer(bytes: $0.readableBytesView) }
            content = .plain(status: response.status, headers: response.headers, body: body)
            cost = plainCost + Self.overhead
            return
        }
        let plaintext = Self.serialize(response)
        guard let sealed = try? AES.GCM.seal(Array(plaintext.readableBytesView), using: key).combined,
            sealed.count <= Self.maximumCost
        else { return nil }
        content = .sealed(ByteBuffer(bytes: sealed))
        cost = sealed.count + Self.overhead
    }

    /// The response to send; nil when a sealed entry does not open (it is then a miss).
    func response(openingWith key: SymmetricKey?) -> GatewayHTTPResponse? {
        switch content {
        case .plain(let status, let headers, let body):
            return GatewayHTTPResponse(status: status, headers: headers, body: body)
        case .sealed(let buffer):
            guard let key, let box = try? AES.GCM.SealedBox(combined: Array(buffer.readableBytesView)),
                let plaintext = try? AES.GCM.open(box, using: key)
            else { return nil }
            return Self.deserialize(ByteBuffer(bytes: plaintext))
        }
    }

    /// Status, header count, each header as length-prefixed name and value, then the body.
    private static func serialize(_ response: GatewayHTTPResponse) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt16(response.status.code))
        buffer.writeInteger(UInt32(response.headers.count))
        for (name, value) in response.headers {
            buffer.writeInteger(UInt32(name.utf8.count))
            buffer.writeString(name)
            buffer.writeInteger(UInt32(value.utf8.count))
            buffer.writeString(value)
        }
        if var body = response.body { buffer.writeBuffer(&body) }
        return buffer
    }

    private static func deserialize(_ bytes: ByteBuffer) -> GatewayHTTPResponse? {
        var buffer = bytes
        guard let code = buffer.readInteger(as: UInt16.self), let count = buffer.readInteger(as: UInt32.self) else { return nil }
        var headers = HTTPHeaders()
        for _ in 0..<count {
            guard let nameLength = buffer.readInteger(as: UInt32.self), let name = buffer.readString(length: Int(nameLength)),
                let valueLength = buffer.readInteger(as: UInt32.self), let value = buffer.readString(length: Int(valueLength))
            else { return nil }
            headers.add(name: name, value: value)
        }
        return GatewayHTTPResponse(
            status: HTTPResponseStatus(statusCode: Int(code)), headers: headers, body: buffer.readableBytes > 0 ? buffer : nil)
    }
}
