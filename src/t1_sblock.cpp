// SPDX-License-Identifier: MIT
// S-block requests from the card (ISO/IEC 7816-3 §11.6.2.3): WTX (rule 3), IFS (rule 4),
// ABORT (rule 9). Each is answered with the matching S(response); RESYNCH requests may come
// only from the interface device (rule 6), so one from the card is an invalid block.
#include "readerkit/t1.hpp"

namespace readerkit {

Status T1Engine::on_card_s_request(const t1::Block& b) {
  if (++t1_.s_requests > T1_MAX_S_REQUESTS) return fail(Status::DEVICE_PROTOCOL_ERROR);
  const auto type = static_cast<t1::SType>(b.pcb & 0x1F);
  switch (type) {
    case t1::SType::WTX: {
      // The card may ask for more time again and again; the exchange as a whole is bounded
      // (ProtocolState::max_keepalive_ms), like a T=0 card's NULL bytes.
      if (std::chrono::steady_clock::now() - t1_.started >
          std::chrono::milliseconds(settings_.max_keepalive_ms))
        return fail(Status::IO_TIMEOUT);
      // Rule 3: the next wait is BWT × the multiplier; the answer echoes INF.
      const auto multiplier = static_cast<std::uint8_t>(b.inf[0]);
      const Status s = send(t1::s_pcb(t1::SType::WTX, true), b.inf);
      state_.wtx_multiplier = multiplier == 0 ? 1 : multiplier;
      return s;
    }
    case t1::SType::IFS: {
      // Rule 4: the card announces a new IFSC (1..254); the answer echoes INF.
      const auto ifsc = static_cast<std::uint8_t>(b.inf[0]);
      if (ifsc == 0x00 || ifsc == 0xFF) return on_invalid_block(t1::RError::OTHER);
      t1_.ifsc = ifsc;
      return send(t1::s_pcb(t1::SType::IFS, true), b.inf);
    }
    case t1::SType::ABORT:
      // Rule 9: the card gives up the chain; acknowledge, then report the failure.
      t1_.phase = T1Phase::aborted;
      return send(t1::s_pcb(t1::SType::ABORT, true), {});
    default:
      return on_invalid_block(t1::RError::OTHER);
  }
}

}  // namespace readerkit
