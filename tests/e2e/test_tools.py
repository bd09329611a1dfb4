# SPDX-License-Identifier: MIT
"""pcsc-tools and OpenSC against the simulated reader, as a user would run them."""
import subprocess

from smartcard import scard

from conftest import READER_MAIN, check


def run(args, stdin=None):
    out = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=60,
                         stdin=None if stdin is not None else subprocess.DEVNULL)
    return out.returncode, out.stdout + out.stderr


def main_atr(pcsc):
    card, _ = pcsc.connect(pcsc.reader(READER_MAIN), scard.SCARD_PROTOCOL_T1)
    rv, _, _, _, atr = scard.SCardStatus(card)
    check(rv)
    scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)
    return bytes(atr)


def test_opensc_tool_prints_the_atr(pcsc):
    reader = pcsc.reader(READER_MAIN)
    rc, out = run(["opensc-tool", "--reader", reader, "-a"])
    assert rc == 0, out
    assert main_atr(pcsc).hex(":") in out.lower(), out


def test_scriptor_exchanges_apdus_over_both_protocols(pcsc):
    reader = pcsc.reader(READER_MAIN)
    for protocol in ("T=0", "T=1"):
        pcsc.reset(reader)  # scriptor leaves the card in the protocol it used
        rc, out = run(["scriptor", "-r", reader, "-p", protocol],
                      stdin="80 34 00 04 04\n80 32 00 00 03 00 01 02\n")
        assert rc == 0, out
        assert "< 00 01 02 03 90 00" in out, out
        assert "< 90 00" in out, out
