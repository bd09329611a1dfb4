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
