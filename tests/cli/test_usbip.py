# SPDX-License-Identifier: MIT
"""`readerkit usbip serve` and `usbip list` (docs/cli.md, docs/usbip.md): the export lines,
the bound port, listing through our client and Linux's `usbip`, a taken port and a wrong
profile as clear errors, and SIGTERM / SIGINT ending the server with exit 0."""
import json
import signal
import subprocess

from rkcli import CLI, cli, lines_of


def start(*args, json_output=True):
    argv = [CLI] + (["--json"] if json_output else []) + ["usbip", "serve", "--listen",
                                                          "127.0.0.1:0"] + list(args)
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    return proc, first


def stop(proc, sig=signal.SIGTERM):
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    return proc.returncode, out, err


def test_serve_announces_its_exports_and_stops_on_sigterm():
    proc, first = start("--reader", "sim:profile=t1", "--reader", "sim:profile=t0:slots=2",
                        "--profile", "tpdu", "--usb-id", "08e6:4433")
    line = json.loads(first)
    assert line["cmd"] == "usbip serve"
    host, port = line["listen"].rsplit(":", 1)
    assert host == "127.0.0.1" and int(port) > 0
    assert [e["busid"] for e in line["exports"]] == ["1-1", "1-2"]
    assert line["exports"][1]["spec"] == "sim:profile=t0:slots=2"
    assert {e["vendor_id"] + ":" + e["product_id"] for e in line["exports"]} == {"08e6:4433"}
    assert all(e["profile"] == "tpdu" for e in line["exports"])

    listed = cli("usbip", "list", "--remote", line["listen"])
    assert listed.returncode == 0, listed.stderr
    devices = lines_of(listed)[0]["devices"]
    assert [(d["busid"], d["vendor_id"], d["interface_classes"]) for d in devices] == [
        ("1-1", "08e6", [11]), ("1-2", "08e6", [11])]
    human = cli("usbip", "list", "--remote", line["listen"], json_output=False)
    assert human.stdout.splitlines()[0] == "1-1 08e6:4433 smart card reader (CCID)"
    linux = subprocess.run(["usbip", "--tcp-port", port, "list", "-r", "127.0.0.1"],
                           capture_output=True, text=True, timeout=30)
    assert linux.returncode == 0 and "1-2:" in linux.stdout, linux.stdout + linux.stderr

    code, out, _ = stop(proc)
    assert code == 0
    assert json.loads(out.splitlines()[-1]) == {"cmd": "usbip serve", "stopped": True}


def test_human_output_and_sigint():
    proc, first = start("--reader", "sim", json_output=False)
    assert first.startswith("usbip: 1-1 1209:0001 profile apdu: ReaderKit Simulated Reader")
    listening = proc.stdout.readline()
    assert listening.startswith("usbip: listening on 127.0.0.1:")
    code, out, _ = stop(proc, signal.SIGINT)
    assert code == 0
    assert out.splitlines()[-1] == "usbip: stopped"


def test_errors_are_clear():
    proc, first = start("--reader", "sim")
    address = json.loads(first)["listen"]
    try:
        taken = cli("usbip", "serve", "--reader", "sim", "--listen", address, json_output=False)
        assert taken.returncode == 1
        assert f"cannot listen on {address}: Address already in use" in taken.stderr + taken.stdout
    finally:
        stop(proc)
    no_pin_pad = cli("usbip", "serve", "--reader", "sim:profile=t1", "--profile", "pinpad",
                     json_output=False)
    assert no_pin_pad.returncode == 1
    assert "profile pinpad needs a reader with a PIN pad" in no_pin_pad.stderr + no_pin_pad.stdout
    unknown = cli("usbip", "serve", "--profile", "nope", json_output=False)
    assert unknown.returncode == 2
    bad_id = cli("usbip", "serve", "--usb-id", "08e6", json_output=False)
    assert bad_id.returncode == 2
    nobody = cli("usbip", "list", "--remote", "127.0.0.1:1", json_output=False)
    assert nobody.returncode == 1


def usbip_import_and_power_on(address):
    """A minimal USB/IP client (the kernel's vhci-hcd does the same): OP_REQ_IMPORT of 1-1, then
    PC_to_RDR_IccPowerOn on bulk OUT 1 and a bulk IN 2 read; returns the RDR_to_PC_DataBlock."""
    import socket
    import struct
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(struct.pack(">HHI32s", 0x0111, 0x8003, 0, b"1-1"))
        reply = b""
        while len(reply) < 8 + 312:
            reply += s.recv(4096)
        assert struct.unpack(">HHI", reply[:8]) == (0x0111, 0x0003, 0)
        power_on = bytes.fromhex("62000000000001000000")
        s.sendall(struct.pack(">IIIII", 1, 1, 0x10001, 0, 1) +
                  struct.pack(">IIiii8s", 0, len(power_on), 0, 0, 0, b"\0" * 8) + power_on)
        s.sendall(struct.pack(">IIIII", 1, 2, 0x10001, 1, 2) +
                  struct.pack(">IIiii8s", 0, 4096, 0, 0, 0, b"\0" * 8))
        data = b""
        want = None
        while want is None or len(data) < want:
            data += s.recv(65536)
            if want is None and len(data) >= 48 + 48:
                # The OUT return (48 bytes), then the IN return with its data.
                want = 96 + struct.unpack(">I", data[48 + 24:48 + 28])[0]
        return data[96:]


def test_serve_with_pcap_traces_what_the_importer_does(tmp_path):
    pcap = tmp_path / "usbip.pcap"
    argv = [CLI, "--json", "--pcap", str(pcap), "usbip", "serve", "--listen", "127.0.0.1:0",
            "--reader", "sim:profile=t1"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    address = json.loads(proc.stdout.readline())["listen"]
    block = usbip_import_and_power_on(address)
    code, _, _ = stop(proc)
    assert code == 0
    assert block[0] == 0x80 and block[6] == 0x01 and block[7] == 0x00  # DataBlock, bSeq, active
    atr = block[10:].hex().upper()
    records = lines_of(cli("trace", str(pcap)))
    events = [r.get("event") for r in records]
    assert "atr" in events, events
    assert any(r.get("event") == "atr" and atr in json.dumps(r) for r in records), records
