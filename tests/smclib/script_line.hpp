// SPDX-License-Identifier: MIT
// The SCRIPT_LINE of the C test driver played from a byte-exact script ({sent, received}
// steps as in tests/unit/t1_script.hpp), and a SmartcardDeviceControl caller building one IRP
// per request. Included after the core's headers; the WDK headers come last (types only).
#pragma once

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../unit/t1_script.hpp"
#include "readerkit/bytes.hpp"
// WDK last, types only (docs/smclib.md).
#include "script_driver.h"

namespace readerkit::test {

struct ScriptCard {
  Bytes atr;
  std::vector<Step> script;
  std::size_t next = 0;
  std::vector<std::string> sent;
  std::vector<ULONG> waits;

  static NTSTATUS reset(void* context, PUCHAR atr, PULONG length) {
    auto* card = static_cast<ScriptCard*>(context);
    if (!card->atr.empty()) std::memcpy(atr, card->atr.data(), card->atr.size());
    *length = static_cast<ULONG>(card->atr.size());
    return STATUS_SUCCESS;
  }

  static NTSTATUS exchange(void* context, const UCHAR* send, ULONG send_length, PUCHAR receive,
                           ULONG receive_size, PULONG receive_length, ULONG wait_us) {
    auto* card = static_cast<ScriptCard*>(context);
    card->sent.push_back(to_hex(std::span(reinterpret_cast<const std::byte*>(send), send_length)));
    card->waits.push_back(wait_us);
    if (card->next >= card->script.size() || !card->script[card->next].received) {
      ++card->next;
      return STATUS_IO_TIMEOUT;
    }
    const Bytes answer = *from_hex(*card->script[card->next++].received);
    if (answer.size() > receive_size) return STATUS_BUFFER_OVERFLOW;
    if (!answer.empty()) std::memcpy(receive, answer.data(), answer.size());
    *receive_length = static_cast<ULONG>(answer.size());
    return STATUS_SUCCESS;
  }

  std::vector<std::string> expected() const {
    std::vector<std::string> e;
    for (const auto& s : script) e.push_back(to_hex(*from_hex(s.sent)));
    return e;
  }
};

/// One METHOD_BUFFERED IRP and what became of it.
struct HostIrp {
  IRP irp{};
  std::vector<UCHAR> buffer;
  int completions = 0;
  NTSTATUS returned = 0;

  HostIrp(ULONG code, const Bytes& input, std::size_t output_size) {
    buffer.assign(std::max(input.size(), output_size), 0);
    if (!input.empty()) std::memcpy(buffer.data(), input.data(), input.size());  // no null source
    irp.AssociatedIrp.SystemBuffer = buffer.data();
    auto& p = irp.CurrentStackLocation.Parameters.DeviceIoControl;
    p.IoControlCode = code;
    p.InputBufferLength = static_cast<ULONG>(input.size());
    p.OutputBufferLength = static_cast<ULONG>(output_size);
    irp.ReaderKitCompletion = [](PIRP, PVOID context) {
      ++static_cast<HostIrp*>(context)->completions;
    };
    irp.ReaderKitContext = this;
  }
  std::string output_hex() const {
    return to_hex(
        std::span(reinterpret_cast<const std::byte*>(buffer.data()), irp.IoStatus.Information));
  }
};

inline Bytes le32(std::uint32_t v) {
  return {std::byte(v & 0xFF), std::byte(v >> 8 & 0xFF), std::byte(v >> 16 & 0xFF),
          std::byte(v >> 24)};
}

}  // namespace readerkit::test
