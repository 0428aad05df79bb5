import ArgumentParser
import Foundation
import WFI

/// `roman name parse|format`: decode and build Roman WFI file names. All naming rules live in
/// the `WFI` module (`ProductName`); this command only maps arguments and prints.
struct NameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "name",
        abstract: "Decode and build Roman WFI product file names (L1-L4).",
        discussion: """
            Roman WFI file names follow three patterns:

              exposure (L1 uncal/wcs, L2 cal, L4 cat/segm from an L2):
                rPPPPPCCAAASSSOOOVVV_eeee_wfiNN_<element>_<suffix>.<ext>
                r0012301008002013005_0005_wfi06_f184_cal.asdf
              guide window (L1 gw/face), Q = guide star acquisition 1-9:
                rPPPPPCCAAASSSOOOVVV_eeee_Q_wfiNN_<element>_<gw|face>.asdf
                r0012301008002013005_0005_1_wfi06_f184_gw.asdf
              skycell (L3 coadd/asn, L4 cat/segm from an L3):
                rPPPPP_<release>_<subset>_<skycell>[_<element>]_<suffix>.<ext>
                r00186_p_v01004007001012_10m6x2y50_f184_coadd.asdf

            Visit id: program PPPPP, execution plan CC, pass AAA, segment SSS, observation OOO, \
            visit VVV. Release: p (prompt), rN or rN-tier (data release). Subset: vCCAAASSSOOOVVV \
            (visit), sCCAAA (pass), full, or a community name. Skycell: RA, p|m, |Dec|, xX, yY \
            (10m6x2y50). The element is absent only from data-release L4 names. Extensions: \
            _asn.json, _cat.parquet, everything else .asdf.
            """,
        subcommands: [Parse.self, Format.self]
    )

    /// `roman name parse NAME...`
    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode file names into their components.",
            discussion: """
                Prints one block per name with every component, or with --json one JSON object \
                per line (keys sorted, numbers as numbers). A directory before the name is ignored. Malformed \
                names are reported on standard error with the component at fault, and the command \
                then exits with status 1.

                Examples:
                  roman name parse r0012301008002013005_0005_wfi06_f184_cal.asdf
                  roman name parse --json data/*.asdf
                  roman name parse r00186_r1_s02002_274p63x31y81_cat.parquet
                """
        )

        @Argument(help: "File names (paths allowed) to decode.", completion: .file())
        var names: [String]

        @Flag(help: "Print one JSON object per name and line instead of text blocks.")
        var json = false

        func validate() throws {
            guard !names.isEmpty else { throw ValidationError("Give at least one file name.") }
        }

        func run() throws {
            var failed = false
            var first = true
            for text in names {
                let name: ProductName
                do throws(NamingError) {
                    name = try ProductName(parsing: text)
                } catch {
                    failed = true
                    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
                    continue
                }
                if json {
                    print(String(decoding: try Self.encoder.encode(name), as: UTF8.self))
                } else {
                    if !first { print("") }
                    print(Self.block(name))
                }
                first = false
            }
            if failed { throw ExitCode.failure }
        }

        static var encoder: JSONEncoder {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return encoder
        }

        /// The file name, then one indented `label  value` line per component.
        static func block(_ name: ProductName) -> String {
            let rows = name.components.filter { $0.key != "file_name" }
            let width = rows.map(\.label.count).max() ?? 0
            let lines = rows.map { "  " + $0.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.text }
            return ([name.fileName] + lines).joined(separator: "\n")
        }
    }

    /// `roman name format --level N ...`
    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a file name from its components and print it.",
            discussion: """
                The level and suffix choose the pattern. The suffix defaults to uncal (gw when \
                --acquisition is given), cal, coadd or cat for levels 1-4. An L4 name is a skycell \
                name when --release, --subset or --skycell is given, an exposure name otherwise. \
                A skycell subset is --subset, or --execution-plan and --pass (pass subset), plus \
                --segment, --observation and --visit (visit subset). Every value is checked; a \
                missing, malformed or superfluous one is reported against the name as far as it \
                could be built (markers such as wfiNN show what is missing).

                Examples:
                  roman name format --level 2 --program 123 --execution-plan 1 --pass 8 \\
                      --segment 2 --observation 13 --visit 5 --exposure 5 --detector 6 \\
                      --element f184
                    -> r0012301008002013005_0005_wfi06_f184_cal.asdf
                  roman name format --level 1 --suffix face --acquisition 1 --program 123 \\
                      --execution-plan 1 --pass 8 --segment 2 --observation 13 --visit 5 \\
                      --exposure 5 --detector 6 --element f184
                    -> r0012301008002013005_0005_1_wfi06_f184_face.asdf
                  roman name format --level 3 --program 186 --release p \\
                      --subset v01004007001012 --skycell 10m6x2y50 --element f184
                    -> r00186_p_v01004007001012_10m6x2y50_f184_coadd.asdf
                  roman name format --level 4 --program 186 --release r1 --execution-plan 2 \\
                      --pass 2 --skycell 274p63x31y81
                    -> r00186_r1_s02002_274p63x31y81_cat.parquet
                """
        )

        @Option(help: ArgumentHelp("Product level.", valueName: "1|2|3|4"))
        var level: Int

        @Option(help: "Observing program, 0-99999 (PPPPP).")
        var program: Int?

        @Option(help: "Execution plan, 0-99 (CC): part of the visit id, or of a visit or pass subset.")
        var executionPlan: Int?

        @Option(help: "Pass within the execution plan, 0-999 (AAA).")
        var pass: Int?

        @Option(help: "Segment within the pass, 0-999 (SSS).")
        var segment: Int?

        @Option(help: "Observation within the segment, 0-999 (OOO).")
        var observation: Int?

        @Option(help: "Visit within the observation, 0-999 (VVV).")
        var visit: Int?

        @Option(help: "Exposure within the visit, 0-9999 (eeee); exposure and guide-window names.")
        var exposure: Int?

        @Option(help: "Detector, 1-18 (wfiNN); exposure and guide-window names.")
        var detector: Int?

        @Option(help: "Optical element: f062 f087 f106 f129 f146 f158 f184 f213 grism prism dark (or F184...).")
        var element: String?

        @Option(help: "Suffix: uncal wcs gw face (L1), cal (L2), coadd asn (L3), cat segm (L4).")
        var suffix: String?

        @Option(help: "Guide star acquisition, 1-9 (Q); guide-window names only.")
        var acquisition: Int?

        @Option(help: "Release id: p (prompt), rN or rN-tier (e.g. r1-ultradeep); skycell names only.")
        var release: String?

        @Option(help: "Subset: vCCAAASSSOOOVVV, sCCAAA, full or a community name (e.g. s2); skycell names only.")
        var subset: String?

        @Option(help: "Skycell name, e.g. 10m6x2y50; skycell names only.")
        var skycell: String?

        func validate() throws {
            guard ProductLevel(rawValue: level) != nil else {
                throw ValidationError("--level must be 1, 2, 3 or 4, not \(level).")
            }
        }

        func run() throws {
            let fields = ProductName.Fields(
                program: program, executionPlan: executionPlan, pass: pass, segment: segment,
                observation: observation, visit: visit, exposure: exposure, acquisition: acquisition,
                detector: detector, element: element, suffix: suffix, release: release, subset: subset,
                skycell: skycell)
            do throws(NamingError) {
                print(try ProductName(level: ProductLevel(rawValue: level) ?? .l1, fields: fields).fileName)
            } catch {
                let option = Self.options[error.component].map { " (option \($0))" } ?? ""
                FileHandle.standardError.write(Data("Error: \(error)\(option)\n".utf8))
                throw ExitCode.failure
            }
        }

        /// The option that sets each component named in a `NamingError`.
        static let options: [String: String] = [
            "program": "--program", "execution plan": "--execution-plan", "pass": "--pass",
            "segment": "--segment", "observation": "--observation", "visit": "--visit",
            "exposure": "--exposure", "acquisition": "--acquisition", "detector": "--detector",
            "optical element": "--element", "suffix": "--suffix", "release id": "--release",
            "subset": "--subset", "skycell": "--skycell",
        ]
    }
}
