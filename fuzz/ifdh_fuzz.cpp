// SPDX-License-Identifier: MIT
// Fuzz target: the IFD handler's entry points as pcscd calls them, with arbitrary tags, control
// codes, protocols, flags and buffer lengths (every buffer is allocated at exactly the length
// passed, so a write past it is an AddressSanitizer report). The reader is a simulated one
// (T=0 and T=1 card, readertest unit 0 ms so no APDU sleeps), opened once per process.
// Invariants: every call returns one of the IFD_* codes pcscd knows; an output length never
// exceeds the buffer it describes; the reader stays usable (a power-up still gives an ATR).
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "instant_profile.hpp"
#include "pcsc_api.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"

namespace {

using namespace readerkit;

[[noreturn]] void violated() {
  std::abort();
}

constexpr DWORD kLun = 0;

void check_code(RESPONSECODE rc) {
  switch (rc) {
    case IFD_SUCCESS:
    case IFD_ERROR_TAG:
    case IFD_ERROR_SET_FAILURE:
    case IFD_ERROR_VALUE_READ_ONLY:
    case IFD_ERROR_PTS_FAILURE:
    case IFD_ERROR_NOT_SUPPORTED:
    case IFD_PROTOCOL_NOT_SUPPORTED:
    case IFD_ERROR_POWER_ACTION:
    case IFD_COMMUNICATION_ERROR:
    case IFD_RESPONSE_TIMEOUT:
    case IFD_NOT_SUPPORTED:
    case IFD_ICC_PRESENT:
    case IFD_ICC_NOT_PRESENT:
    case IFD_NO_SUCH_DEVICE:
    case IFD_ERROR_INSUFFICIENT_BUFFER:
      return;
    default:
      violated();
  }
}

void open_once() {
  static const bool opened = [] {
    std::string name = instant_sim_spec();
    if (IFDHCreateChannelByName(kLun, name.data()) != IFD_SUCCESS) violated();
    return true;
  }();
  (void)opened;
}

std::vector<UCHAR> buffer(FuzzedDataProvider& in, std::size_t max) {
  return std::vector<UCHAR>(in.ConsumeIntegralInRange<std::size_t>(0, max));
}

constexpr std::array<DWORD, 15> kTags{TAG_IFD_ATR,
                                      TAG_IFD_SLOTNUM,
                                      TAG_IFD_SLOTS_NUMBER,
                                      TAG_IFD_SLOT_THREAD_SAFE,
                                      TAG_IFD_THREAD_SAFE,
                                      TAG_IFD_SIMULTANEOUS_ACCESS,
                                      TAG_IFD_POLLING_THREAD_KILLABLE,
                                      TAG_IFD_DEVICE_REMOVED,
                                      0x7FFF0003 /* DEVICE_FRIENDLY_NAME */,
                                      SCARD_ATTR_VENDOR_NAME,
                                      SCARD_ATTR_VENDOR_IFD_VERSION,
                                      0x0007A007 /* MAXINPUT */,
                                      SCARD_ATTR_CURRENT_PROTOCOL_TYPE,
                                      SCARD_ATTR_ICC_PRESENCE,
                                      SCARD_ATTR_EXTENDED_BWT};

DWORD tag_of(FuzzedDataProvider& in) {
  return in.ConsumeBool() ? kTags[in.ConsumeIntegralInRange<std::size_t>(0, kTags.size() - 1)]
                          : in.ConsumeIntegral<DWORD>();
}

void get_capabilities(FuzzedDataProvider& in) {
  auto value = buffer(in, 300);
  DWORD length = static_cast<DWORD>(value.size());
  check_code(
      IFDHGetCapabilities(kLun, tag_of(in), &length, value.empty() ? nullptr : value.data()));
  if (length > value.size()) violated();
}

void set_capabilities(FuzzedDataProvider& in) {
  const DWORD tag = tag_of(in);
  auto value = in.ConsumeBytes<UCHAR>(in.ConsumeIntegralInRange<std::size_t>(0, 64));
  check_code(IFDHSetCapabilities(kLun, tag, static_cast<DWORD>(value.size()),
                                 value.empty() ? nullptr : value.data()));
}

void power(FuzzedDataProvider& in) {
  constexpr DWORD kActions[] = {IFD_POWER_UP, IFD_POWER_DOWN, IFD_RESET};
  const DWORD action = in.ConsumeBool() ? kActions[in.ConsumeIntegralInRange<std::size_t>(0, 2)]
                                        : in.ConsumeIntegral<DWORD>();
  std::vector<UCHAR> atr(MAX_ATR_SIZE);
  DWORD length = in.ConsumeIntegral<DWORD>();
  check_code(IFDHPowerICC(kLun, action, atr.data(), &length));
  if (length > atr.size()) violated();
}

void set_protocol(FuzzedDataProvider& in) {
  constexpr DWORD kProtocols[] = {ifd::kPcscProtocolT0, ifd::kPcscProtocolT1,
                                  ifd::kPcscProtocolRaw};
  const DWORD protocol = in.ConsumeBool() ? kProtocols[in.ConsumeIntegralInRange<std::size_t>(0, 2)]
                                          : in.ConsumeIntegral<DWORD>();
  check_code(IFDHSetProtocolParameters(kLun, protocol, in.ConsumeIntegral<UCHAR>(),
                                       in.ConsumeIntegral<UCHAR>(), in.ConsumeIntegral<UCHAR>(),
                                       in.ConsumeIntegral<UCHAR>()));
}

void transmit(FuzzedDataProvider& in) {
  SCARD_IO_HEADER send{};
  send.Protocol = in.ConsumeIntegralInRange<DWORD>(0, 2);
  send.Length = in.ConsumeIntegral<DWORD>();
  auto tx = in.ConsumeBytes<UCHAR>(in.ConsumeIntegralInRange<std::size_t>(0, 600));
  auto rx = buffer(in, 600);
  DWORD rx_length = static_cast<DWORD>(rx.size());
  SCARD_IO_HEADER recv{};
  check_code(IFDHTransmitToICC(kLun, send, tx.empty() ? nullptr : tx.data(),
                               static_cast<DWORD>(tx.size()), rx.empty() ? nullptr : rx.data(),
                               &rx_length, &recv));
  if (rx_length > rx.size()) violated();
}

void control(FuzzedDataProvider& in) {
  constexpr DWORD kCodes[] = {SCARD_CTL_CODE(3400),        SCARD_CTL_CODE(1),
                              SCARD_CTL_CODE(3500),        SCARD_CTL_CODE(2048),
                              SCARD_CTL_CODE(3400 + 0x12), 0x42000000 + 3400};
  const DWORD code = in.ConsumeBool()
                         ? kCodes[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kCodes) - 1)]
                         : in.ConsumeIntegral<DWORD>();
  auto tx = in.ConsumeBytes<UCHAR>(in.ConsumeIntegralInRange<std::size_t>(0, 300));
  auto rx = buffer(in, 300);
  DWORD returned = 0;
  check_code(IFDHControl(kLun, code, tx.empty() ? nullptr : tx.data(),
                         static_cast<DWORD>(tx.size()), rx.empty() ? nullptr : rx.data(),
                         static_cast<DWORD>(rx.size()), &returned));
  if (returned > rx.size()) violated();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  open_once();
  FuzzedDataProvider in(data, size);
  for (int step = 0; step < 16 && in.remaining_bytes() > 0; ++step) {
    switch (in.ConsumeIntegralInRange(0, 6)) {
      case 0:
        get_capabilities(in);
        break;
      case 1:
        set_capabilities(in);
        break;
      case 2:
        power(in);
        break;
      case 3:
        set_protocol(in);
        break;
      case 4:
        control(in);
        break;
      case 5:
        check_code(IFDHICCPresence(kLun));
        break;
      default:
        transmit(in);
        break;
    }
  }
  // Whatever happened, the reader still powers the card.
  std::vector<UCHAR> atr(MAX_ATR_SIZE);
  DWORD length = 0;
  if (IFDHPowerICC(kLun, IFD_POWER_UP, atr.data(), &length) != IFD_SUCCESS || length == 0)
    violated();
  return 0;
}
