#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Arrays

@Suite struct MappingPoolTests {
    func mapping(_ count: Int) -> UnsafeMutableRawPointer {
        let address = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        #expect(address != MAP_FAILED)
        return address!
    }

    @Test func reusesExactSizesOnly() {
        let pool = MappingPool()
        let first = mapping(2 << 20)
        #expect(pool.keep(first, 2 << 20))
        #expect(pool.keptBytes == 2 << 20)
        #expect(pool.take(2 << 20) == first)
        #expect(pool.keptBytes == 0)
        munmap(first, 2 << 20)
    }

    @Test func releasesKeptMappingsOnAMiss() {
        let pool = MappingPool()
        for _ in 0..<3 { #expect(pool.keep(mapping(2 << 20), 2 << 20)) }
        #expect(pool.keptBytes == 6 << 20)
        // A 3 MiB request cannot be served: two 2 MiB mappings (at least 3 MiB) are given back.
        #expect(pool.take(3 << 20) == nil)
        #expect(pool.keptBytes == 2 << 20)
    }

    @Test func keepsNoWholeCubesAndRespectsCapacity() {
        let pool = MappingPool()
        let large = MappingPool.largestKept + 4096
        let cube = mapping(large)
        #expect(!pool.keep(cube, large))
        munmap(cube, large)
        var kept = 0
        while kept + MappingPool.largestKept <= MappingPool.capacity {
            #expect(pool.keep(mapping(MappingPool.largestKept), MappingPool.largestKept))
            kept += MappingPool.largestKept
        }
        let extra = mapping(MappingPool.largestKept)
        #expect(!pool.keep(extra, MappingPool.largestKept))
        munmap(extra, MappingPool.largestKept)
        #expect(pool.take(1 << 20) == nil)
        #expect(pool.keptBytes == kept - MappingPool.largestKept)
    }
}
