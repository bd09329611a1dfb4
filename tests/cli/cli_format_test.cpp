// SPDX-License-Identifier: MIT
// Unit tests of the CLI's pieces that need no reader: JSON records, the human printer, text
// helpers, the command parser, log levels and the pending-request bookkeeping.
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "command.hpp"
#include "human_text.hpp"
#include "json_records.hpp"
#include "log_levels.hpp"
#include "pending.hpp"
#include "printer.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

Bytes hex(std::string_view text) {
  return *from_hex(text);
}

RequestRecord make_request(std::string cmd, std::uint32_t code, Bytes input = {}) {
  RequestRecord r;
  r.cmd = std::move(cmd);
  r.code = code;
  r.input = std::move(input);
  return r;
}

RequestRecord transmit_record() {
  RequestRecord r =
      make_request("transmit", IOCTL_SMARTCARD_TRANSMIT, hex("02000000080000008030000000"));
  r.output = hex("02000000080000009000");
  r.information = r.output.size();
  return r;
}

TEST(JsonRecords, RequestHasTheContractFieldsInOrder) {
  RequestRecord r = make_request("ioctl", IOCTL_SMARTCARD_GET_STATE);
  r.output = hex("06000000");
  r.information = 4;
  EXPECT_EQ(request_json(r).dump(),
            R"({"cmd":"ioctl","ioctl":"IOCTL_SMARTCARD_GET_STATE","code":"0x00310038",)"
            R"("status":"STATUS_SUCCESS","ntstatus":"0x00000000","information":4,)"
            R"("output":"06000000"})");
}

TEST(JsonRecords, TransmitAddsResponseWithoutHeaderAndSw) {
  Json j = request_json(transmit_record());
  EXPECT_EQ(j["response"], "9000");
  EXPECT_EQ(j["sw"], "9000");
}

TEST(JsonRecords, FailedTransmitHasEmptyResponseAndNullSw) {
  RequestRecord r = transmit_record();
  r.status = Status::NO_MEDIA;
  r.output.clear();
  r.information = 0;
  Json j = request_json(r);
  EXPECT_EQ(j["status"], "STATUS_NO_MEDIA");
  EXPECT_EQ(j["ntstatus"], "0xC0000178");
  EXPECT_EQ(j["response"], "");
  EXPECT_TRUE(j["sw"].is_null());
}

TEST(JsonRecords, PendingRequestCarriesItsIdAndUnknownCodeHasNullName) {
  RequestRecord r = make_request("ioctl", 0x00310FFC);
  r.status = Status::PENDING;
  r.id = 3;
  Json j = request_json(r);
  EXPECT_TRUE(j["ioctl"].is_null());
  EXPECT_EQ(j["status"], "STATUS_PENDING");
  EXPECT_EQ(j["id"], 3);
}

TEST(JsonRecords, EventIsExactlyTheContractLine) {
  EXPECT_EQ(event_json({2, Status::CANCELLED, 0}).dump(),
            R"({"event":"completed","id":2,"status":"STATUS_CANCELLED","information":0})");
}

TEST(JsonRecords, AtrNullsWhereTheContractSaysSo) {
  Bytes atr = hex("3B00");
  Json j = atr_json({atr, decode_atr(atr), std::nullopt});
  EXPECT_EQ(j["atr"], "3B00");
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_TRUE(j["ifsc"].is_null());
  EXPECT_TRUE(j["tck_valid"].is_null());
  EXPECT_TRUE(j["specific_protocol"].is_null());
  EXPECT_EQ(j["protocols"], Json::array({0}));
  EXPECT_EQ(j["edc"], nullptr);
}

TEST(JsonRecords, NoteKeepsCmdAndStatusFirst) {
  NoteRecord n{"cancel", "unknown-id"};
  n.fields["id"] = 7;
  EXPECT_EQ(note_json(n).dump(), R"({"cmd":"cancel","status":"unknown-id","id":7})");
}

TEST(JsonPrinter, OneFlushedLinePerRecord) {
  std::ostringstream out;
  auto p = make_json_printer(out);
  p->event({1, Status::SUCCESS, 0});
  p->script_line("ignored");
  p->usage_error("power", "bad action");
  EXPECT_EQ(out.str(),
            "{\"event\":\"completed\",\"id\":1,\"status\":\"STATUS_SUCCESS\",\"information\":0}\n"
            "{\"cmd\":\"power\",\"status\":\"usage-error\",\"error\":\"bad action\"}\n");
}

TEST(HumanPrinter, RequestIsLabelledAlignedAndDecoded) {
  std::ostringstream out, err;
  auto p = make_human_printer(out, err);
  p->request(transmit_record());
  const std::string text = out.str();
  EXPECT_NE(text.find("IOCTL_SMARTCARD_TRANSMIT 0x00310014\n"), std::string::npos);
  EXPECT_NE(text.find("  status            STATUS_SUCCESS (0x00000000)\n"), std::string::npos);
  EXPECT_NE(text.find("  protocol          T1\n"), std::string::npos);
  EXPECT_NE(text.find("  SW                90 00  success\n"), std::string::npos);
  EXPECT_TRUE(err.str().empty());
}

TEST(HumanPrinter, StateOutputIsNamed) {
  std::ostringstream out, err;
  auto p = make_human_printer(out, err);
  RequestRecord r = make_request("ioctl", IOCTL_SMARTCARD_GET_STATE);
  r.output = hex("06000000");
  r.information = 4;
  p->request(r);
  EXPECT_NE(out.str().find("SCARD_SPECIFIC"), std::string::npos);
}

TEST(HumanPrinter, ErrorsGoToStderr) {
  std::ostringstream out, err;
  auto p = make_human_printer(out, err);
  p->usage_error("atr", "not hex");
  EXPECT_TRUE(out.str().empty());
  EXPECT_EQ(err.str(), "readerkit: atr: not hex\n");
}

TEST(HumanText, AttributeValuesInTheirUnits) {
  EXPECT_EQ(attribute_value_text(SCARD_ATTR_VENDOR_NAME, as_bytes_view("ReaderKit")),
            "\"ReaderKit\"");
  EXPECT_EQ(attribute_value_text(SCARD_ATTR_DEFAULT_CLK, le32_bytes(3580)), "3580 kHz");
  EXPECT_EQ(attribute_value_text(SCARD_ATTR_PROTOCOL_TYPES, le32_bytes(3)), "T0,T1");
  EXPECT_EQ(attribute_value_text(SCARD_ATTR_VENDOR_IFD_VERSION, le32_bytes(0x01020003)), "1.2.3");
  EXPECT_EQ(attribute_value_text(SCARD_ATTR_ICC_PRESENCE, hex("02")), "2 (swallowed)");
  EXPECT_EQ(attribute_value_text(SCARD_ATTR_ATR_STRING, hex("3B00")), "3B 00");
  EXPECT_EQ(attribute_value_text(SCARD_ATTR_CURRENT_EBC_ENCODING, le32_bytes(1)), "CRC");
}

TEST(HumanText, StatusWordsInWords) {
  EXPECT_EQ(status_word_text(0x90, 0x00), "success");
  EXPECT_EQ(status_word_text(0x61, 0x10), "response bytes available (GET RESPONSE): 16");
  EXPECT_EQ(status_word_text(0x6A, 0x82), "file or application not found");
  EXPECT_EQ(status_word_text(0x6A, 0x80), "wrong parameters / data");
  EXPECT_EQ(status_word_text(0x12, 0x34), "unknown status word");
}

TEST(HumanText, AtrLinesNameEveryByte) {
  Bytes atr = hex("3B95968031804D524B53494D31");
  TextBlock t = atr_text({atr, decode_atr(atr), std::nullopt});
  std::string labels;
  for (const TextLine& l : t) labels += l.label + "|";
  for (const char* want : {"TS = 3B", "T0 = 95", "TA1 = 96", "TD1 = 80", "TD2 = 31", "TA3 = 80",
                           "TB3 = 4D", "historical", "TCK = 31", "protocols"})
    EXPECT_NE(labels.find(want), std::string::npos) << want;
}

TEST(Text, NumbersHexAndWords) {
  EXPECT_EQ(parse_u32("0x00310038"), 0x00310038u);
  EXPECT_EQ(parse_u32("42"), 42u);
  EXPECT_FALSE(parse_u32("0x"));
  EXPECT_FALSE(parse_u32("12ab"));
  EXPECT_FALSE(parse_u32("99999999999"));
  EXPECT_EQ(parse_hex_words({"00 A4", "0400"}), hex("00A40400"));
  EXPECT_FALSE(parse_hex_words({"0G"}));
  EXPECT_EQ(split_words("  power   cold # comment"), (std::vector<std::string>{"power", "cold"}));
  EXPECT_EQ(comment_only("## Title  "), "Title");
  EXPECT_FALSE(comment_only("status # not only a comment"));
  EXPECT_EQ(spaced_hex(hex("3B9F")), "3B 9F");
}

TEST(Commands, ParseFindsActionsAndReportsUsage) {
  EXPECT_TRUE(parse_command({"power", "cold"}).action);
  EXPECT_TRUE(parse_command({"ioctl", "GET_STATE", "--out-size", "3", "--async"}).action);
  ParsedCommand bad = parse_command({"power", "sideways"});
  EXPECT_FALSE(bad.action);
  EXPECT_FALSE(bad.error.empty());
  EXPECT_NE(parse_command({"nope"}).error.find("unknown command"), std::string::npos);
  EXPECT_FALSE(parse_command({"transmit", "--help"}).help.empty());
  EXPECT_FALSE(parse_command({}).action);
}

TEST(Commands, EveryRowHasANameSummaryAndDefinition) {
  for (const Command& c : command_table()) {
    EXPECT_FALSE(c.name.empty());
    EXPECT_FALSE(c.summary.empty());
    EXPECT_NE(c.define, nullptr);
  }
}

TEST(Commands, ExitCodes) {
  EXPECT_EQ(exit_code(Outcome::success), 0);
  EXPECT_EQ(exit_code(Outcome::failure), 1);
  EXPECT_EQ(exit_code(Outcome::error), 1);
  EXPECT_EQ(exit_code(Outcome::usage), 2);
}

TEST(LogLevels, NamesMasksAndVerbosity) {
  EXPECT_EQ(parse_log_levels("ioctl,atr"), 0x03u);
  EXPECT_EQ(parse_log_levels("all"), 0x3Fu);
  EXPECT_EQ(parse_log_levels("0x20"), 0x20u);
  EXPECT_FALSE(parse_log_levels("ioctl,loud"));
  EXPECT_EQ(verbosity_mask(0), 0u);
  EXPECT_EQ(verbosity_mask(1), static_cast<std::uint32_t>(LogLevel::ERROR));
  EXPECT_EQ(verbosity_mask(9), 0x3Fu);
}

TEST(PendingRequests, IdsAdvanceOnlyWhenARequestPends) {
  PendingRequests p;
  EXPECT_EQ(p.next_id(), 1);
  p.pended(1);
  EXPECT_EQ(p.next_id(), 2);
  EXPECT_TRUE(p.is_pending(1));
  p.completion_for(1)({Status::SUCCESS, 0});
  EXPECT_FALSE(p.is_pending(1));
  auto events = p.take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, 1);
  EXPECT_TRUE(p.take_events().empty());
}

TEST(PendingRequests, CompletionBeforePendedIsNotLost) {
  PendingRequests p;
  Completion done = p.completion_for(1);
  done({Status::CANCELLED, 0});
  p.pended(1);
  EXPECT_FALSE(p.is_pending(1));
  EXPECT_TRUE(p.wait_completed(1, std::chrono::steady_clock::now()));
  EXPECT_EQ(p.take_events().at(0).status, Status::CANCELLED);
}

TEST(PendingRequests, CompletionFromAnotherThreadWakesTheWaiter) {
  PendingRequests p;
  Completion done = p.completion_for(1);
  p.pended(1);
  std::thread t([&] { done({Status::SUCCESS, 0}); });
  EXPECT_TRUE(p.wait_completed(1, std::chrono::steady_clock::now() + std::chrono::seconds(60)));
  t.join();
}

TEST(PendingRequests, CompletionOutlivesTheTracker) {
  Completion done;
  {
    PendingRequests p;
    done = p.completion_for(1);
  }
  done({Status::CANCELLED, 0});  // a device closing late must not touch freed memory
}

}  // namespace
}  // namespace readerkit::cli
