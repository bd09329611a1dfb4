# SPDX-License-Identifier: MIT
"""A one-shot `readerkit transmit` prepares the card itself and says so; `--no-auto` and the
lines of `run` send the transmit as it is (docs/cli.md "One-shot transmit")."""
import pytest

from rkcli import cli, lines_of, run_script


def test_unpowered_card_is_powered_and_negotiated_first():
    proc = cli("transmit", "8034000404")
    assert proc.returncode == 0, proc.stderr
    lines = lines_of(proc)
    assert [(l["cmd"], l.get("auto")) for l in lines] == [
        ("power", True), ("protocol", True), ("transmit", None)]
    assert lines[1]["output"] in ("01000000", "02000000")  # the protocol the card took
    assert lines[2]["status"] == "STATUS_SUCCESS"
    assert lines[2]["response"] == "000102039000"


@pytest.mark.parametrize("profile,selected", [("t0", "01000000"), ("t1", "02000000")])
def test_the_protocol_step_takes_what_the_card_offers(profile, selected):
    lines = lines_of(cli("transmit", "8030000000", reader=f"sim:profile={profile}"))
    assert lines[1]["cmd"] == "protocol" and lines[1]["output"] == selected
    assert lines[2]["sw"] == "9000"


def test_no_auto_keeps_the_strict_behaviour():
    proc = cli("transmit", "8034000404", "--no-auto")
    assert proc.returncode == 1
    lines = lines_of(proc)
    assert [l["cmd"] for l in lines] == ["transmit"]
    assert lines[0]["status"] == "STATUS_INVALID_DEVICE_STATE"


def test_absent_card_gets_no_preparation():
    proc = cli("transmit", "8034000404", reader="sim:card=absent")
    lines = lines_of(proc)
    assert [l["cmd"] for l in lines] == ["transmit"]
    assert lines[0]["status"] == "STATUS_NO_MEDIA"


def test_script_lines_are_never_prepared():
    code, lines = run_script("transmit 8034000404\n")
    transmits = [l for l in lines if l.get("cmd") == "transmit"]
    assert not [l for l in lines if l.get("auto")]
    assert transmits[0]["status"] == "STATUS_INVALID_DEVICE_STATE"


def test_human_output_names_the_automatic_steps():
    proc = cli("transmit", "8030000000", json_output=False)
    assert proc.returncode == 0
    assert "(automatic: power cold)" in proc.stdout
    assert "(automatic: protocol T0,T1)" in proc.stdout
