import Foundation

/// The optional block index at the end of an ASDF file: `#ASDF BLOCK INDEX`, then a YAML list of
/// the byte offsets of every block's magic. A hint only: readers check it and fall back to walking
/// the blocks when it does not match.
enum BlockIndex {
    static let marker = "#ASDF BLOCK INDEX"

    /// The index text for the given block offsets.
    static func text(offsets: [Int]) -> String {
        "\(marker)\n%YAML 1.1\n---\n" + offsets.map { "- \($0)\n" }.joined() + "...\n"
    }

    /// Finds and parses the index in the last part of the file; nil when absent or unreadable.
    static func find(in bytes: UnsafeRawBufferPointer, after start: Int) -> (position: Int, offsets: [Int])? {
        let window = min(bytes.count - start, 1 << 20)
        guard window > 0 else { return nil }
        let tail = UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - window)...])
        let needle = Array(marker.utf8)
        guard let found = lastIndex(of: needle, in: tail) else { return nil }
        let position = bytes.count - window + found
        let text = String(decoding: bytes[(position + needle.count)...], as: UTF8.self)
        var offsets: [Int] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- "), let value = Int(trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)) {
                offsets.append(value)
            } else if trimmed.hasPrefix("---") && trimmed.contains("[") {
                // Flow form: --- [2043, 16340]
                let inner = trimmed.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
                offsets += inner.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            }
        }
        return offsets.isEmpty ? nil : (position, offsets)
    }

    private static func lastIndex(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = haystack.count - needle.count
        while i >= 0 {
            if haystack[i] == needle[0] && haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }
}
