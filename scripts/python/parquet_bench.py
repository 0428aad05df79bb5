#!/usr/bin/env python3
"""Benchmark driver for pyarrow's Parquet writer and reader (reference numbers for
`roman-bench parquet`).

Usage:
  parquet_bench.py write SRC OUT --compression none|snappy|zstd|gzip [--level N]
  parquet_bench.py read FILE

Prints ONE JSON object on stdout.

write: reads SRC fully into memory (``pq.read_table``, not timed), then times
``pq.write_table(table, OUT, compression=C, compression_level=N)`` with pyarrow's defaults
otherwise (dictionary encoding, statistics, 1 Mi-row groups, 1 MiB pages, ARROW:schema), C = None
for ``none``. Output: ``{"seconds": s, "bytes": size_of_OUT, "rows": n, "peak_rss_bytes": n}``.

read: times ``pq.read_table(FILE)`` (every column decoded into Arrow arrays) and a pass over
the ``id`` column (its sum, to prove the data was read). Output:
``{"seconds": s, "rows": n, "id_sum": "...", "peak_rss_bytes": n}``.
"""

import argparse
import json
import os
import resource
import time

import pyarrow.compute as pc
import pyarrow.parquet as pq


def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def write(source, output, compression, level):
    table = pq.read_table(source)
    codec = None if compression == "none" else compression
    start = time.perf_counter()
    pq.write_table(table, output, compression=codec, compression_level=level if codec else None)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "bytes": os.path.getsize(output), "rows": table.num_rows, "peak_rss_bytes": peak_rss()}


def read(path):
    start = time.perf_counter()
    table = pq.read_table(path)
    id_sum = pc.sum(table.column("id")).as_py() if "id" in table.column_names else 0
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": table.num_rows, "id_sum": str(id_sum), "peak_rss_bytes": peak_rss()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["write", "read"])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--compression", default="none")
    parser.add_argument("--level", type=int, default=None)
    args = parser.parse_args()
    if args.command == "write":
        result = write(args.paths[0], args.paths[1], args.compression, args.level)
    else:
        result = read(args.paths[0])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
