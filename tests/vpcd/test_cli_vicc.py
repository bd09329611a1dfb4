# SPDX-License-Identifier: MIT
"""The CLI with --reader vpcd:HOST:PORT against Debian's vicc (docs/contract/cli.md): power, ATR,
protocol, GET CHALLENGE, SELECT MF, READ BINARY in one `run` script, removal, and reversed mode
(vpcd:connect:HOST:PORT to `vicc -R`). Run it through netns-run.sh (ctest does)."""
import json
import os
import subprocess

import pytest

import vicc_harness as vh

CLI = os.environ.get("READERKIT_CLI", "readerkit")


def run_cli(port, lines, start_card=True):
    cli = subprocess.Popen([CLI, "--reader", f"vpcd:127.0.0.1:{port}", "--json", "run", "-"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    vicc = vh.start_vicc(port) if start_card else None
    try:
        out, _ = cli.communicate("\n".join(lines) + "\n", timeout=60)
    finally:
        if vicc:
            vh.kill_vicc(vicc)
    assert cli.returncode == 0, out
    return [json.loads(line) for line in out.splitlines()]


def records(out):
    return [r for r in out if "cmd" in r]


def test_vicc_card_through_the_cli():
    port = vh.free_port()
    out = records(run_cli(port, [
        "ioctl IS_PRESENT",
        "power cold",
        "protocol T0,T1",
        "attr get CURRENT_PROTOCOL_TYPE",
        "transmit 0084000008",
        "transmit 00A4000C023F00",
        "transmit 00B0000010",
        "transmit 00E000000D620B8201018302010180020010",
        "transmit 00A4020C020101",
        "transmit 00B0000004",
    ]))
    # IS_PRESENT may pend (then a completion event follows) or find the card already there.
    assert out[0]["status"] in ("STATUS_SUCCESS", "STATUS_PENDING")
    assert all(r["status"] == "STATUS_SUCCESS" for r in out[1:]), out
    power, protocol, current, challenge, select_mf, read_mf, create, select_ef, read_ef = out[1:]
    assert power["output"] == vh.VICC_ATR.hex().upper()
    assert protocol["output"] == "02000000"  # T=1, the only protocol vicc's ATR offers
    assert current["output"] == "02000000"
    assert challenge["sw"] == "9000" and len(challenge["response"]) == 2 * 10
    assert select_mf["response"] == "9000"
    assert read_mf["response"] == "6986"  # vicc's MF is empty: no current EF
    assert create["response"] == "9000" and select_ef["response"] == "9000"
    assert read_ef["response"] == "000000009000"


def read_until(cli, predicate, limit=10):
    seen = []
    for _ in range(limit):
        record = json.loads(cli.stdout.readline())
        seen.append(record)
        if predicate(record):
            return seen
    raise AssertionError(seen)


def test_killed_vicc_is_a_removed_card():
    port = vh.free_port()
    cli = subprocess.Popen([CLI, "--reader", f"vpcd:127.0.0.1:{port}", "--json", "run", "-"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    vicc = vh.start_vicc(port)
    try:
        cli.stdin.write("ioctl IS_PRESENT\npower cold\nioctl IS_ABSENT --async\n")
        cli.stdin.flush()
        seen = read_until(cli, lambda r: r.get("cmd") == "power")
        assert seen[-1]["status"] == "STATUS_SUCCESS", seen
        absent = read_until(cli, lambda r: r.get("ioctl") == "IOCTL_SMARTCARD_IS_ABSENT")[-1]
        assert absent["status"] == "STATUS_PENDING", absent
        vh.kill_vicc(vicc)
        done = read_until(cli, lambda r: r.get("event") == "completed")[-1]
        assert done["id"] == absent["id"] and done["status"] == "STATUS_SUCCESS", done
        out, _ = cli.communicate("transmit 0084000008\n", timeout=60)
    finally:
        vh.kill_vicc(vicc)
        if cli.poll() is None:
            cli.kill()
    assert json.loads(out.splitlines()[-1])["status"] == "STATUS_NO_MEDIA", out


def test_reversed_mode_connects_to_a_listening_vicc():
    port = vh.free_port()
    vicc = vh.start_vicc_reversed(port)
    try:
        cli = subprocess.run([CLI, "--reader", f"vpcd:connect:127.0.0.1:{port}", "--json", "run", "-"],
                             input="ioctl IS_PRESENT\npower cold\nprotocol T0,T1\ntransmit 0084000008\n",
                             capture_output=True, text=True, timeout=60)
    finally:
        vh.kill_vicc(vicc)
    out = records([json.loads(line) for line in cli.stdout.splitlines()])
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert out[1]["output"] == vh.VICC_ATR.hex().upper()
    assert out[2]["output"] == "02000000"
    assert out[3]["sw"] == "9000" and len(out[3]["response"]) == 20


if __name__ == "__main__":
    raise SystemExit(pytest.main([__file__, "-q"]))
