#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The PC/SC half of the README's main job: brings the simulated reader up inside a private
# pcscd (scripts/pcscd-sandbox.sh) and runs a short PC/SC client session against it with
# pyscard: reader list, ATR, protocol, APDUs (readertest and the file system), attributes,
# the reader's PC/SC part 10 features, and a card removal seen by SCardGetStatusChange.
# Everything ends with the sandbox: no pcscd or other process is left behind.
# Usage: scripts/pcsc-demo.sh [BUILD_DIR]   (default: build; needs the ifd-readerkit target)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$root/build}")
handler="$build/ifdhandler/libifd-readerkit.so"
[[ -f "$handler" ]] || { echo "pcsc-demo: build the ifd-readerkit target first ($handler)" >&2; exit 2; }

conf=$(mktemp -d /tmp/pcsc-demo.XXXXXX)
trap 'rm -rf "$conf"' EXIT
cat >"$conf/readerkit-sim" <<'EOF'
FRIENDLYNAME "ReaderKit Simulated Reader"
DEVICENAME   sim:profile=default:control=@RUN@/sim0.sock
LIBPATH      @HANDLER@
CHANNELID    0
EOF

client=$(cat <<'PYTHON'
import os, socket, struct, sys, time
from smartcard import scard

def ok(rv, what):
    if rv & 0xFFFFFFFF != scard.SCARD_S_SUCCESS:
        sys.exit(f"{what}: {scard.SCardGetErrorMessage(rv)}")

def hexs(data):
    return " ".join(f"{b:02X}" for b in data)

def show(label, value):
    print(f"  {label:<26} {value}")

rv, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
ok(rv, "SCardEstablishContext")
deadline = time.monotonic() + 10
while True:
    rv, readers = scard.SCardListReaders(ctx, [])
    if rv & 0xFFFFFFFF == scard.SCARD_S_SUCCESS and readers:
        break
    if time.monotonic() > deadline:
        sys.exit("no reader appeared within 10 s")
    time.sleep(0.05)
print("readers:")
for r in readers:
    print("  " + r)
reader = readers[0]
rv, states = scard.SCardGetStatusChange(ctx, 5000, [(reader, scard.SCARD_STATE_UNAWARE)])
ok(rv, "SCardGetStatusChange")

rv, card, protocol = scard.SCardConnect(ctx, reader, scard.SCARD_SHARE_SHARED,
                                        scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
ok(rv, "SCardConnect")
rv, name, state, proto, atr = scard.SCardStatus(card)
ok(rv, "SCardStatus")
print(f"\nconnected to {name}")
show("ATR", hexs(atr))
show("protocol", {scard.SCARD_PROTOCOL_T0: "T=0", scard.SCARD_PROTOCOL_T1: "T=1"}[protocol])

print("\nAPDUs:")
def apdu(label, command):
    rv, response = scard.SCardTransmit(card, protocol, command)
    ok(rv, label)
    data, sw = response[:-2], response[-2:]
    print(f"  {label:<26} > {hexs(command[:8])}{' ...' if len(command) > 8 else ''}")
    print(f"  {'':<26} < {hexs(data[:16])}{' ...' if len(data) > 16 else ''} [{hexs(sw)}]"
          f"{f' ({len(data)} bytes)' if data else ''}")
apdu("SELECT readertest", [0x00, 0xA4, 0x04, 0x00, 0x06, 0xA0, 0x00, 0x00, 0x00, 0x18, 0xFF])
apdu("case 1", [0x80, 0x30, 0x00, 0x00])
apdu("case 2, 32 bytes out", [0x80, 0x34, 0x00, 0x20, 0x20])
apdu("case 3, 16 bytes in", [0x80, 0x32, 0x00, 0x00, 0x10] + list(range(16)))
apdu("case 4, 200 out / 8 in", [0x80, 0x36, 0x00, 0xC8, 0x08] + list(range(8)) + [0xC8])
apdu("SELECT EF.DIR (2F00)", [0x00, 0xA4, 0x00, 0x0C, 0x02, 0x2F, 0x00])
apdu("READ RECORD 1", [0x00, 0xB2, 0x01, 0x04, 0x00])

print("\nattributes (SCardGetAttrib):")
def attr(label, attribute, kind):
    rv, value = scard.SCardGetAttrib(card, attribute)
    if rv & 0xFFFFFFFF != scard.SCARD_S_SUCCESS:
        show(label, scard.SCardGetErrorMessage(rv).strip())
    elif kind == "str":
        show(label, bytes(value).decode(errors="replace"))
    elif kind == "u32":
        show(label, struct.unpack("<I", bytes(value))[0])
    else:
        show(label, hexs(value))
attr("VENDOR_NAME", scard.SCARD_ATTR_VENDOR_NAME, "str")
attr("VENDOR_IFD_TYPE", scard.SCARD_ATTR_VENDOR_IFD_TYPE, "str")
attr("CURRENT_PROTOCOL_TYPE", scard.SCARD_ATTR_CURRENT_PROTOCOL_TYPE, "u32")
attr("CURRENT_CLK (kHz)", scard.SCARD_ATTR_CURRENT_CLK, "u32")
attr("CURRENT_F", scard.SCARD_ATTR_CURRENT_F, "u32")
attr("CURRENT_D", scard.SCARD_ATTR_CURRENT_D, "u32")
attr("CURRENT_IFSC", scard.SCARD_ATTR_CURRENT_IFSC, "u32")
attr("CURRENT_BWT (us)", scard.SCARD_ATTR_CURRENT_BWT, "u32")
attr("ICC_PRESENCE", scard.SCARD_ATTR_ICC_PRESENCE, "hex")
attr("ATR_STRING", scard.SCARD_ATTR_ATR_STRING, "hex")

print("\nPC/SC part 10 (SCardControl):")
rv, features = scard.SCardControl(card, scard.SCARD_CTL_CODE(3400), [])
ok(rv, "CM_IOCTL_GET_FEATURE_REQUEST")
for i in range(0, len(features), 6):
    code = int.from_bytes(bytes(features[i + 2:i + 6]), "big")
    show(f"feature 0x{features[i]:02X}", f"control code 0x{code:08X}")
    if features[i] == 0x12:
        rv, props = scard.SCardControl(card, code, [])
        ok(rv, "GET_TLV_PROPERTIES")
        j = 0
        while j < len(props):
            tag, n = props[j], props[j + 1]
            show(f"  TLV property {tag}", int.from_bytes(bytes(props[j + 2:j + 2 + n]), "little"))
            j += 2 + n
rv, _ = scard.SCardControl(card, 0x42000001, [0x00])
show("vendor escape", scard.SCardGetErrorMessage(rv).strip() + " (refused: no vendor=allow)")
scard.SCardDisconnect(card, scard.SCARD_UNPOWER_CARD)

print("\ncard removal through the simulated reader's control socket:")
with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
    s.settimeout(10)
    s.connect(os.path.join(os.environ["READERKIT_RUN_DIR"], "sim0.sock"))
    start = time.monotonic()
    s.sendall(b"card remove\n")
    s.recv(64)
known = states[0][1] & ~scard.SCARD_STATE_CHANGED
while known & scard.SCARD_STATE_PRESENT:
    rv, states = scard.SCardGetStatusChange(ctx, 5000, [(reader, known)])
    ok(rv, "SCardGetStatusChange")
    known = states[0][1] & ~scard.SCARD_STATE_CHANGED
show("SCardGetStatusChange", f"card absent after {(time.monotonic() - start) * 1000:.1f} ms")
scard.SCardReleaseContext(ctx)
print("\ndone: pcscd stops with the sandbox")
PYTHON
)

"$root/scripts/pcscd-sandbox.sh" --handler "$handler" --conf "$conf" -- /usr/bin/python3 -c "$client"
