# SPDX-License-Identifier: MIT
"""`readerkit --json atr HEX`: the contract's field list for well-formed and malformed ATRs."""
import pytest

from rkcli import cli, lines_of

FIELDS = ["cmd", "atr", "valid", "error", "convention", "fi", "di", "fmax_khz", "n", "protocols",
          "specific_protocol", "wi", "ifsc", "bwi", "cwi", "edc", "historical_bytes",
          "tck_present", "tck_valid", "historical", "card_list", "cards"]


def decode(hex_text):
    proc = cli("atr", hex_text)
    lines = lines_of(proc)
    assert len(lines) == 1
    return proc.returncode, lines[0]


def xor_tck(hex_text):
    """hex_text (TS..last byte before TCK) with its TCK appended."""
    x = 0
    for b in bytes.fromhex(hex_text)[1:]:
        x ^= b
    return hex_text + f"{x:02X}"


def test_field_list_is_the_contract():
    _, j = decode("3B00")
    assert list(j) == FIELDS


def test_simulated_card_atr():
    rc, j = decode("3B959680318 04D524B53494D31".replace(" ", ""))
    assert rc == 0
    assert j["historical"]["format"] == "proprietary"  # "RKSIM": no category indicator
    core = {k: v for k, v in j.items() if k not in ("historical", "card_list", "cards")}
    assert core == {"cmd": "atr", "atr": "3B959680318" "04D524B53494D31", "valid": True, "error": None,
                 "convention": "direct", "fi": 512, "di": 32, "fmax_khz": 5000, "n": 0,
                 "protocols": [0, 1], "specific_protocol": None, "wi": 10, "ifsc": 128,
                 "bwi": 4, "cwi": 13, "edc": "lrc", "historical_bytes": "524B53494D",
                 "tck_present": True, "tck_valid": True}


def test_minimal_t0_atr_has_defaults_and_no_tck():
    rc, j = decode("3B00")
    assert rc == 0 and j["valid"] is True
    assert (j["fi"], j["di"], j["fmax_khz"], j["n"], j["wi"]) == (372, 1, 5000, 0, 10)
    assert j["protocols"] == [0]
    assert j["ifsc"] is None and j["bwi"] is None and j["cwi"] is None and j["edc"] is None
    assert j["tck_present"] is False and j["tck_valid"] is None


def test_t1_defaults_when_t1_offered_without_t1_bytes():
    rc, j = decode(xor_tck("3B8001"))
    assert rc == 0 and j["valid"] is True
    assert j["protocols"] == [1]
    assert (j["ifsc"], j["bwi"], j["cwi"], j["edc"]) == (32, 4, 13, "lrc")


def test_specific_mode_and_crc():
    # TA1 95, TD1 -> group 2 with TA2 (T=1 specific) and TD2 -> T=1 group with TC3 = CRC
    rc, j = decode(xor_tck("3B90" "95" "91" "01" "41" "01"))
    assert rc == 0, j
    assert j["specific_protocol"] == 1 and j["edc"] == "crc"
    assert (j["fi"], j["di"]) == (512, 16)


def test_inverse_convention():
    rc, j = decode("3F00")
    assert j["convention"] == "inverse" and j["valid"] is True and rc == 0


@pytest.mark.parametrize("hex_text,error", [
    ("3A00", "bad-ts"),
    ("3B01", "truncated"),
    ("3B9F95", "truncated"),
    ("3B0000", "trailing-bytes"),
    ("3B8001", "tck-missing"),
    ("3B800100", "tck-wrong"),
    (xor_tck("3B800F"), "t15-in-td1"),
    ("3B1071", "rfu-fi-di"),
    (xor_tck("3B808131" "0045"), "rfu-value"),
    (xor_tck("3B808131" "20A5"), "rfu-value"),
])
def test_malformed(hex_text, error):
    rc, j = decode(hex_text)
    assert rc == 1
    assert j["valid"] is False and j["error"] == error
    assert list(j) == FIELDS


def test_malformed_keeps_decodable_fields():
    _, j = decode("3B800100")
    assert j["tck_present"] is True and j["tck_valid"] is False and j["protocols"] == [1]
    _, j = decode("3B1071")
    assert j["fi"] is None and j["fmax_khz"] is None and j["di"] == 1
    _, j = decode(xor_tck("3B808131" "0045"))
    assert j["ifsc"] == 0 and j["bwi"] == 4 and j["cwi"] == 5
    _, j = decode("3B0541")
    assert j["error"] == "truncated" and j["historical_bytes"] == "41"


def test_too_long():
    # 37 well-formed bytes: T0 FF, four interface groups, 15 historical bytes, TCK
    body = ("3BFF" "110000F1" "01000AF1" "204500F1" "00000071" "000000" + "00" * 15)
    assert len(bytes.fromhex(body)) + 1 == 37
    rc, j = decode(xor_tck(body.replace(" ", "")))
    assert rc == 1 and j["valid"] is False and j["error"] == "too-long"


def test_human_output_names_every_byte():
    proc = cli("atr", "3B959680318" "04D524B53494D31", json_output=False)
    assert proc.returncode == 0
    for label in ["TS = 3B", "T0 = 95", "TA1 = 96", "TD1 = 80", "TD2 = 31", "TA3 = 80",
                  "TB3 = 4D", "TCK = 31", "Fi=512", "IFSC=128", '"RKSIM"']:
        assert label in proc.stdout


def test_not_hex_is_a_usage_error():
    assert cli("atr", "3BZZ").returncode == 2
