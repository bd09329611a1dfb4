# SPDX-License-Identifier: MIT
"""`readerkit bench` counts heap allocations per APDU in builds with the counting allocator
(READERKIT_COUNT_ALLOCATIONS; docs/cli.md "bench"), and an exchange in steady state allocates
nothing (docs/performance.md): two runs of different lengths allocate the same few times, the
buffers that grow to their size in the first exchanges."""
import os

from rkcli import cli, lines_of

COUNTS = os.environ.get("READERKIT_COUNTS_ALLOCATIONS") == "1"
WORKLOADS = [("T1", "4", "255"), ("T0", "4", "255"), ("T1", "2", "16"), ("T0", "3", "200"),
             ("T1", "1", "1")]


def allocations(count, protocol, case, length):
    proc = cli("bench", "-n", str(count), "-p", protocol, "-c", case, "-l", length)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [j] = lines_of(proc)
    assert j["errors"] == 0
    return j.get("allocs_per_apdu")


def test_steady_state_allocates_nothing_or_the_field_is_absent():
    for workload in WORKLOADS:
        short, long = allocations(500, *workload), allocations(5000, *workload)
        if not COUNTS:
            assert short is None and long is None, "no count without the counting allocator"
            continue
        total_short, total_long = round(short * 500), round(long * 5000)
        assert total_short <= 64, (workload, total_short)  # warm-up growth only
        assert total_long - total_short <= 2, (workload, total_short, total_long)


def test_human_line():
    proc = cli("bench", "-n", "200", json_output=False)
    assert proc.returncode == 0, proc.stderr
    assert ("allocations" in proc.stdout) == COUNTS
