# SPDX-License-Identifier: MIT
"""`readerkit atr`: historical bytes decoded (ISO/IEC 7816-4 §8.1.1) and card names from
pcsc-tools' smartcard_list.txt (docs/cli.md "Card names")."""
import os

import pytest

from rkcli import cli, lines_of

YUBIKEY = "3BFD1300008131FE158073C021C05759756269 4B657940".replace(" ", "")
OPENPGP = "3BDA18FF81B1FE751F030031C573C001400090000C"
DEBIAN_LIST = "/usr/share/pcsc/smartcard_list.txt"

LIST = """# a test list
3B 8F 80 01 .. .. .. ..
\tfirst pattern, dots

3B 8F 80 01 80 4F 0C A0
\tsecond pattern, exact
\twith a second line

3B 8F 80 01 8[0-3] 4F 0C A[0A]
\tthird pattern, bracket classes

3B 8F 80 01 8[4-9] 4F 0C A0
\tnot this one

3B 8F 80 01 [[[
\ta pattern std::regex refuses is skipped
"""


def atr_json(hex_text, env=None):
    proc = subprocess_run(hex_text, env)
    lines = lines_of(proc)
    assert len(lines) == 1, proc.stdout + proc.stderr
    return lines[0]


def subprocess_run(hex_text, env):
    saved = dict(os.environ)
    try:
        os.environ.update(env or {})
        return cli("atr", hex_text)
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def test_list(tmp_path):
    path = tmp_path / "smartcard_list.txt"
    path.write_text(LIST)
    return {"READERKIT_SMARTCARD_LIST": str(path)}


def test_every_matching_entry_is_named_in_list_order(test_list):
    j = atr_json("3B8F8001804F0CA0", test_list)
    assert j["card_list"] == test_list["READERKIT_SMARTCARD_LIST"]
    assert [c["description"] for c in j["cards"]] == [
        ["first pattern, dots"],
        ["second pattern, exact", "with a second line"],
        ["third pattern, bracket classes"]]
    assert j["cards"][2]["pattern"] == "3B 8F 80 01 8[0-3] 4F 0C A[0A]"


def test_no_match_is_an_empty_list(test_list):
    j = atr_json("3B00", test_list)
    assert j["cards"] == [] and j["card_list"] is not None


def test_a_missing_list_is_null_and_no_names(tmp_path):
    j = atr_json("3B00", {"READERKIT_SMARTCARD_LIST": str(tmp_path / "absent.txt")})
    assert j["card_list"] is None and j["cards"] == []
    proc = cli("atr", "3B00", json_output=False)
    assert proc.returncode == 0


def test_debian_list_names_real_cards():
    assert os.path.exists(DEBIAN_LIST), "pcsc-tools is installed by scripts/install-deps.sh"
    j = atr_json(YUBIKEY, {"READERKIT_SMARTCARD_LIST": DEBIAN_LIST})
    assert any("YubiKey 5 NFC" in line for c in j["cards"] for line in c["description"])
    proc = subprocess_human(YUBIKEY, {"READERKIT_SMARTCARD_LIST": DEBIAN_LIST})
    assert "Yubico YubiKey 5 NFC" in proc.stdout


def subprocess_human(hex_text, env):
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        return cli("atr", hex_text, json_output=False)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_category_zero_historical_bytes(tmp_path):
    h = atr_json(OPENPGP, {"READERKIT_SMARTCARD_LIST": str(tmp_path / "none")})["historical"]
    assert h["category"] == "00" and h["format"] == "compact-tlv-and-status"
    assert [(o["tag"], o["name"], o["value"]) for o in h["objects"]] == [
        ("3", "card_service_data", "C5"), ("7", "card_capabilities", "C00140")]
    assert h["objects"][0]["flags"] == ["select-by-full-df-name", "select-by-partial-df-name",
                                        "ef-dir-access-get-data", "no-mf"]
    assert "extended-lc-le" in h["objects"][1]["flags"]
    assert h["status_indicator"] == {"lcs": "00", "life_cycle": "no information", "sw": "9000"}
    assert h["malformed"] is False


def test_category_eighty_and_the_human_lines():
    proc = cli("atr", YUBIKEY, json_output=False)
    assert "compact-tlv" in proc.stdout
    assert 'card_issuer_data "YubiKey"' in proc.stdout
    assert "command-chaining, extended-lc-le" in proc.stdout


@pytest.mark.parametrize("hex_text,fmt", [
    ("3B00", None),                      # no historical bytes: null
    ("3B0152", "proprietary"),           # the simulated card's "R..."
    ("3B021042", "dir-data-reference"),
])
def test_other_categories(hex_text, fmt):
    h = atr_json(hex_text)["historical"]
    assert (h["format"] if h else None) == fmt


def test_malformed_objects_are_flagged_not_fatal():
    j = atr_json("3B04804F0CA0")  # tag 4 announces 15 bytes, 2 follow
    assert j["valid"] is True
    assert j["historical"]["malformed"] is True
