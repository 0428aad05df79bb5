import Testing
@testable import Calibration

@Suite struct MemoryBudgetTests {
    @Test func fullSizePeakIsTheMeasuredOne() {
        // 10 resultants of 4096²: measured 1.71 GB; the budget keeps some room above it.
        let peak = MemoryBudget.peakBytes(shape: [10, 4096, 4096])
        #expect(peak > 1_710_000_000 && peak < 2_000_000_000)
    }

    @Test func jobsAreBoundedByCoresFilesAndMemory() {
        let gigabyte = 1 << 30
        #expect(MemoryBudget(availableBytes: 64 * gigabyte, cores: 2).jobs(files: 18, peakBytes: 2 * gigabyte) == 2)
        #expect(MemoryBudget(availableBytes: 64 * gigabyte, cores: 8).jobs(files: 3, peakBytes: 2 * gigabyte) == 3)
        #expect(MemoryBudget(availableBytes: 5 * gigabyte, cores: 8).jobs(files: 18, peakBytes: 2 * gigabyte) == 2)
        #expect(MemoryBudget(availableBytes: gigabyte, cores: 8).jobs(files: 18, peakBytes: 2 * gigabyte) == 1)
        #expect(MemoryBudget(availableBytes: nil, cores: 4).jobs(files: 18, peakBytes: 2 * gigabyte) == 4)
    }

    @Test func readsTheSystemsAvailableMemory() throws {
        #if os(Linux)
        let available = try #require(MemoryBudget.systemAvailableBytes())
        #expect(available > 0)
        #endif
    }
}

@Suite struct MemoryBudgetFileTests {
    @Test func cubeShapeComesFromTheL1Tree() throws {
        let fixture = try SimulatedExposureFixture(size: 64)
        #expect(MemoryBudget.cubeShape(of: fixture.l1) == [10, 64, 64])
        #expect(MemoryBudget.cubeShape(of: fixture.references + "/missing.asdf") == nil)
    }
}
