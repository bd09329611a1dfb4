# SPDX-License-Identifier: MIT
"""What the pyscard scripts that measure through pcscd share (bench/pcscd_compare.py,
tests/vpcd/bench_vpcd.py)."""
import time


def wait_present(ctx, scard, reader, timeout=30.0):
    """True once `reader` reports a card present, False after `timeout` seconds without one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rc, states = scard.SCardGetStatusChange(ctx, 200, [(reader, scard.SCARD_STATE_UNAWARE)])
        if rc == scard.SCARD_S_SUCCESS and states[0][1] & scard.SCARD_STATE_PRESENT:
            return True
        time.sleep(0.05)
    return False
