import Arrays
import ASDF
import Foundation
import InteropSupport
import Testing
@testable import WFI

/// Roman models without Python: validation catches what roman_datamodels would reject, typed
/// products expose arrays without copying, names follow from metadata.
@Suite struct ProductModelTests {
    func image(extent: Int = 8) throws -> RomanDataModel {
        var model = try ModelFactory.make(.image, defaultArrayExtent: extent)
        model.set("meta/instrument/detector", "WFI06")
        model.set("meta/instrument/optical_element", "F184")
        for (key, value) in [("program", 123), ("execution_plan", 1), ("pass", 8), ("segment", 2),
                             ("observation", 13), ("visit", 5), ("exposure", 5)] {
            model.set("meta/observation/\(key)", .int(Int64(value)))
        }
        return model
    }

    @Test func factoryModelsAreValidForEveryKnownKind() throws {
        var checked = 0
        for tag in SchemaCatalog.tags {
            guard let kind = ProductKind(tag: tag), kind.current == kind else { continue }
            let model = try ModelFactory.make(kind)
            #expect(model.problems().isEmpty, "\(kind): \(model.problems().prefix(3))")
            checked += 1
        }
        #expect(checked >= 35)
    }

    @Test func validationListsEveryProblem() throws {
        var model = try image()
        model.set("meta/exposure/nresultants", "six")                      // wrong type
        model.set("meta/instrument/optical_element", "F999")               // not in the enum
        model.set("meta/filename", .string(String(repeating: "x", count: 200)))  // longer than 120
        model.node["meta"]?["exposure"]?["start_time"] = nil               // required time missing
        let wrong = try TypedArray<Double>(shape: [8, 8], repeating: 0).ndarray
        model.set("data", .ndarray(ArrayNode(wrong)))                      // float64 for float32
        let flat = try TypedArray<UInt32>(shape: [64], repeating: 0).ndarray
        model.set("dq", .ndarray(ArrayNode(flat)))                         // 1-D for 2-D
        let problems = model.problems().map(\.description)
        #expect(problems.contains { $0.hasPrefix("meta/exposure/nresultants:") })
        #expect(problems.contains { $0.hasPrefix("meta/instrument/optical_element:") && $0.contains("F999") })
        #expect(problems.contains { $0.hasPrefix("meta/exposure/start_time: required") })
        #expect(problems.contains { $0.hasPrefix("data:") && $0.contains("float64") })
        #expect(problems.contains { $0.hasPrefix("dq:") && $0.contains("dimensions") })
        #expect(problems.contains { $0.hasPrefix("meta/filename:") && $0.contains("more than 120") })
        #expect(problems.count == 6, "\(problems)")
        let dir = try TemporaryDirectory()
        #expect(throws: ProductError.self) { try model.write(to: dir.file("bad_cal.asdf")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("bad_cal.asdf")), "no partial output")
    }

    @Test func typedProductsRoundTripAndNameThemselves() throws {
        let dir = try TemporaryDirectory()
        var model = try image(extent: 32)
        let values = try TypedArray<Float>(shape: [32, 32], elements: (0..<1024).map { Float($0) / 7 })
        model.set("data", .ndarray(ArrayNode(values.ndarray)))
        let product = try CalibratedImageProduct(model)
        let name = try #require(product.fileName(suffix: .cal))
        #expect(name == "r0012301008002013005_0005_wfi06_f184_cal.asdf")
        try product.write(to: dir.file(name))
        let back = try CalibratedImageProduct(contentsOf: dir.file(name))
        #expect(try back.data().elements == values.elements)
        #expect(back.detector?.number == 6 && back.opticalElement == .f184)
        // lz4 blocks, except those lz4 would not shrink by 3%, stored raw.
        for (path, node) in back.model.file.arrays {
            let block = try #require(node.sourceBlock.map { back.model.file.blocks[$0] }, "\(path) is not in a block")
            switch BlockCompression(headerLabel: block.compressionLabel) {
            case .lz4: #expect(block.usedSize < block.dataSize, "\(path)")
            case BlockCompression.none?:
                var compressed = 0
                try node.array.withPackedBytes { bytes in try BlockCodec.compress(.lz4, from: bytes) { compressed += $0.count } }
                #expect(Double(compressed) > 0.97 * Double(block.dataSize), "\(path) stored raw though lz4 shrinks it")
            default: Issue.record("\(path): block compression \(block.compressionLabel)")
            }
        }
        #expect(throws: ProductError.self) { try ScienceRawProduct(back.model) }
    }

    @Test func typedProductsCheckShapeConsistency() throws {
        let cube = try TypedArray<UInt16>(shape: [3, 16, 16])
        let wrongAmp33 = try TypedArray<UInt16>(shape: [4, 16, 8])
        var raw = try ModelFactory.make(.scienceRaw, arrays: ["data": cube.ndarray, "amp33": wrongAmp33.ndarray])
        raw.set("meta/exposure/nresultants", 3)
        raw.set("meta/exposure/read_pattern", [[1], [2, 3], [4]])
        #expect {
            try ScienceRawProduct(raw)
        } throws: { error in
            "\(error)".contains("amp33") && "\(error)".contains("does not match data")
        }
        raw.set("amp33", .ndarray(ArrayNode(try TypedArray<UInt16>(shape: [3, 16, 8]).ndarray)))
        let product = try ScienceRawProduct(raw)
        #expect(product.resultantCount == 3 && product.readPattern == [[1], [2, 3], [4]])
        raw.set("meta/exposure/read_pattern", [[1], [2]])
        #expect(throws: ProductError.self) { try ScienceRawProduct(raw) }

        var image = try self.image(extent: 8)
        image.set("err", .ndarray(ArrayNode(try TypedArray<Float16>(shape: [8, 9]).ndarray)))
        #expect {
            try CalibratedImageProduct(image)
        } throws: { error in
            "\(error)".contains("err: shape [8, 9] differs from data [8, 8]")
        }
        for kind in [ProductKind.guideWindow, .faceGuideWindow] {
            let model = try ModelFactory.make(kind)
            _ = kind == .guideWindow ? try GuideWindowProduct(model).model : try FACEProduct(model).model
        }
    }

    @Test func notARomanFileIsAClearError() throws {
        let dir = try TemporaryDirectory()
        try ASDFFile(tree: .map(["data": 1])).write(to: dir.file("plain.asdf"))
        #expect {
            try RomanDataModel(contentsOf: dir.file("plain.asdf"))
        } throws: { error in
            guard case ProductError.notRoman(let path, _) = error else { return false }
            return path.hasSuffix("plain.asdf")
        }
    }

    @Test func mosaicContextBits() throws {
        let planes = MosaicProduct.contextPlanes(forInputs: 33)
        #expect(planes == 2 && MosaicProduct.contextPlanes(forInputs: 32) == 1)
        var context = try TypedArray<UInt32>(shape: [planes, 2, 2])
        context[flat: 1] = 1 << 5            // input 5 at (0, 1)
        context[flat: 4 + 3] = 1 << 0        // input 32 at (1, 1)
        var model = try ModelFactory.make(.mosaic, defaultArrayExtent: 2)
        model.set("context", .ndarray(ArrayNode(context.ndarray)))
        let mosaic = try MosaicProduct(model)
        #expect(try mosaic.contributed(input: 5, y: 0, x: 1))
        #expect(try !mosaic.contributed(input: 5, y: 1, x: 1))
        #expect(try mosaic.contributed(input: 32, y: 1, x: 1))
    }

    @Test func referenceFilesSelectByDetectorAndElement() throws {
        var model = try ModelFactory.make(.flatReference)
        model.set("meta/instrument/detector", "WFI07")
        model.set("meta/instrument/optical_element", "F158")
        let flat = try ReferenceFile(model)
        #expect(flat.referenceType == "FLAT" || flat.referenceType == ModelFactory.unknownString)
        #expect(flat.applies(to: try Detector(number: 7), element: .f158))
        #expect(!flat.applies(to: try Detector(number: 8), element: .f158))
        #expect(!flat.applies(to: try Detector(number: 7), element: .f062))
        #expect(ProductKind.calibrationReferences.allSatisfy { SchemaCatalog.schema(for: $0.current.tag) != nil })
    }
}

@Suite struct DQFlagTests {
    @Test func valuesAndNamesMatchRomanDatamodels() {
        #expect(PixelFlags.doNotUse.rawValue == 1 && PixelFlags.saturated.rawValue == 2 && PixelFlags.jumpDetected.rawValue == 4)
        #expect(PixelFlags.outlier.rawValue == 128 && PixelFlags.dead.rawValue == 1024 && PixelFlags.telegraph.rawValue == 32768)
        #expect(PixelFlags.referencePixel.rawValue == 2_147_483_648 && PixelFlags.named.count == 31)
        #expect(PixelFlags(names: ["SATURATED", "DEAD"])?.rawValue == 1026)
        #expect(PixelFlags(names: ["NOPE"]) == nil)
        #expect(PixelFlags(rawValue: 1 << 14 | 1).names == ["DO_NOT_USE", "BIT_14"])
        #expect(PixelFlags.good.names == ["GOOD"])
    }

    @Test func groupBit128IsNotPixelBit128() {
        #expect(GroupFlags.wfi18Transient.rawValue == PixelFlags.outlier.rawValue)
        #expect(GroupFlags.wfi18Transient.pixelFlags.isEmpty, "WFI18_TRANSIENT must not become OUTLIER")
        #expect(GroupFlags([.saturated, .jumpDetected]).pixelFlags == [.saturated, .jumpDetected])
        #expect(GroupFlags.adFloor.pixelFlags == .adFloor)
    }
}

@Suite struct AssociationTests {
    func sample() -> Association {
        Association(
            codeVersion: "0.1.0", target: "270p65x48y69", program: "00001", dataReleaseID: "p", associationID: "a3001",
            skycellWCSInfo: .init(name: "270p65x48y69", pixel_scale: 0.11 / 3600, ra_projection_center: 270, dec_projection_center: 65,
                                  x0_projection: -2300.5, y0_projection: 16899.5, ra_center: 270.5, dec_center: 65.2,
                                  nx: 5000, ny: 5000, orientat: -1.1, orientat_projection_center: 0),
            products: [.init(name: "r00001_p_v01001001001001_270p65x48y69_f158", members: [
                .init(expname: "r0000101001001001001_0001_wfi01_f158_cal.asdf"),
                .init(expname: "r0000101001001001001_0002_wfi01_f158_cal.asdf"),
            ])])
    }

    @Test func roundTripAndPythonJSON() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("r00001_p_v01001001001001_270p65x48y69_f158_asn.json")
        try sample().write(to: path)
        #expect(try Association(contentsOf: path) == sample())
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("{\n    \"asn_type\": \"image\",\n    \"asn_rule\": \"DMS_ELPP_Base\""))
        // Python's json module reads it with the same values.
        let check = "import json,sys; d=json.load(open(sys.argv[1])); assert d['products'][0]['members'][1]['expname'].endswith('0002_wfi01_f158_cal.asdf'); assert d['skycell_wcs_info']['nx']==5000; print('ok')"
        guard let output = try PythonTools.run(["-c", check, path]) else { return }
        #expect(output.stdout.contains("ok"), "\(output.stderr)")
    }

    @Test func badAssociationsAreRejected() throws {
        let dir = try TemporaryDirectory()
        var bad = sample()
        bad.products[0].members[0].expname = "notes.txt"
        try bad.write(to: dir.file("bad_asn.json"))
        #expect(throws: AssociationError.self) { try Association(contentsOf: dir.file("bad_asn.json")) }
        try "{\"asn_type\": \"image\"}".write(toFile: dir.file("short_asn.json"), atomically: true, encoding: .utf8)
        #expect {
            try Association(contentsOf: dir.file("short_asn.json"))
        } throws: { error in
            "\(error)".contains("missing key")
        }
    }
}

@Suite struct RomanProductInfoTests {
    @Test func infoRecognisesProductsAndDecodesTheirNames() throws {
        let dir = try TemporaryDirectory()
        var model = try ModelFactory.make(.image, defaultArrayExtent: 4)
        model.set("meta/instrument/detector", "WFI06")
        let path = dir.file("r0012301008002013005_0005_wfi06_f184_cal.asdf")
        try model.write(to: path)
        let info = try #require(RomanProductInfo(file: ASDFFile(contentsOf: path)))
        #expect(info.product.kind == "wfi_image" && info.product.level == 2 && info.product.suffix == "cal")
        #expect(info.product.problems.isEmpty)
        #expect(info.product.keyMeta.contains { $0.key == "instrument/detector" && $0.value == "WFI06" })
        #expect(info.name?["detector"] == "wfi06" || info.name?.values.contains("wfi06") == true)
        #expect(info.text.contains("valid against rad"))
        // A badly named copy: the info says why.
        let oddPath = dir.file("my_image.asdf")
        try FileManager.default.copyItem(atPath: path, toPath: oddPath)
        let odd = try #require(RomanProductInfo(file: ASDFFile(contentsOf: oddPath)))
        #expect(odd.name == nil && odd.nameProblem != nil)
        // Plain ASDF files have no Roman section.
        try ASDFFile(tree: .map(["x": 1])).write(to: dir.file("plain.asdf"))
        #expect(RomanProductInfo(file: try ASDFFile(contentsOf: dir.file("plain.asdf"))) == nil)
    }
}
