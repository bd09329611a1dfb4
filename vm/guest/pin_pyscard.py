#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""PIN verification through pcscd's FEATURE_VERIFY_PIN_DIRECT (PC/SC part 10): queues the PIN
12345 on the simulated keypad (`readerkit sim-control SOCKET pin 12345`), sends a
PIN_VERIFY_STRUCTURE for `80 20 00 00` with 4-8 ASCII digits, and checks the card's answer
(90 00) and what the card received (its dump command, INS 0x40).
Usage: pin_pyscard.py READER-SUBSTRING READERKIT SOCKET"""
import subprocess
import sys

from smartcard.System import readers
from smartcard.scard import SCARD_CTL_CODE, SCARD_PROTOCOL_T1

FEATURE_VERIFY_PIN_DIRECT = 0x06
CM_IOCTL_GET_FEATURE_REQUEST = SCARD_CTL_CODE(3400)
STRUCTURE = [
    5, 0,              # bTimerOut, bTimerOut2
    0x02, 0x00, 0x00,  # ASCII digits, no PIN block length field
    0x08, 0x04,        # wPINMaxExtraDigit: 4 to 8 digits
    0x02,              # bEntryValidationCondition: validation key
    0x01, 0x09, 0x04, 0x00,  # one message, en-US, message 0
    0x00, 0x00, 0x00,  # bTeoPrologue
    5, 0, 0, 0,        # ulDataLength
    0x80, 0x20, 0x00, 0x00, 0x00,
]


def main():
    name, rk, socket = sys.argv[1], sys.argv[2], sys.argv[3]
    reader = next(r for r in readers() if name in str(r))
    connection = reader.createConnection()
    connection.connect(SCARD_PROTOCOL_T1)
    tlv = connection.control(CM_IOCTL_GET_FEATURE_REQUEST, [])
    features = {tlv[i]: int.from_bytes(bytes(tlv[i + 2:i + 6]), "big") for i in range(0, len(tlv), 6)}
    if FEATURE_VERIFY_PIN_DIRECT not in features:
        print(f"FAIL no FEATURE_VERIFY_PIN_DIRECT in {features}")
        return 1
    subprocess.run([rk, "sim-control", socket, "pin", "12345"], check=True,
                   stdout=subprocess.DEVNULL)
    answer = connection.control(features[FEATURE_VERIFY_PIN_DIRECT], STRUCTURE)
    dump, sw1, sw2 = connection.transmit([0x80, 0x40, 0x00, 0x00, 0x00])
    expected = [0x80, 0x20, 0x00, 0x00, 0x05, 0x31, 0x32, 0x33, 0x34, 0x35]
    if answer != [0x90, 0x00] or dump != expected or (sw1, sw2) != (0x90, 0x00):
        print(f"FAIL answer {bytes(answer).hex()}, card received {bytes(dump).hex()}")
        return 1
    print("ok verify answered 9000, the card received 5 ASCII digits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
