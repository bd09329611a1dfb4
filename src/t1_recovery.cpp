// SPDX-License-Identifier: MIT
// T=1 error handling (ISO/IEC 7816-3 §11.6.3): one function per recovery rule. Every path
// is bounded: T1_MAX_RETRIES attempts per step, T1_MAX_RESYNCHS resynchronisations per
// exchange, T1_MAX_TIMEOUTS consecutive silent waits.
#include "readerkit/t1.hpp"

namespace readerkit {

/// Rule 7.1: an invalid block (bad EDC, bad PCB or length, unexpected N(S)) or an unexpected
/// one gets R(N(R) = expected N(S), error); rule 7.2: when our R-block is answered by an
/// invalid block, that R-block goes again. Our S(IFS request) without its response is sent
/// again the same way (ReaderKit's reading of rule 7.2 for S-blocks). The third failure in a
/// row resynchronises (rule 7.4.1).
Status T1Engine::on_invalid_block(t1::RError error) {
  if (t1_.phase == T1Phase::resynch) return resynchronise();
  if (++t1_.retries >= T1_MAX_RETRIES) return resynchronise();
  if (t1_.phase == T1Phase::ifs_request) return send_ifs_request();
  return send_r_block(error);
}

/// Rule 7.1: BWT elapsed without a block counts as an invalid block. A card silent for
/// T1_MAX_TIMEOUTS waits in a row (resynch included) is mute: IO_TIMEOUT.
Status T1Engine::on_timeout() {
  if (++t1_.timeouts >= T1_MAX_TIMEOUTS) return fail(Status::IO_TIMEOUT);
  return on_invalid_block(t1::RError::OTHER);
}

/// Rule 7.3: an R-block whose N(R) equals the N(S) of our last I-block (or that does not
/// acknowledge anything) asks for that block again: the same N(S), INF and M are sent.
Status T1Engine::retransmit_last_i_block() {
  if (++t1_.retries >= T1_MAX_RETRIES) return resynchronise();
  const bool more = t1_.command_offset + t1_.chunk < command_.size();
  return send(t1::i_pcb(t1_.ns, more), command_.subspan(t1_.command_offset, t1_.chunk));
}

/// Rules 7.4.1/7.4.2: after three failed attempts the interface device sends
/// S(RESYNCH request); rule 7.4.3: when that fails three times, the exchange ends with a
/// protocol error (the driver may then reset the card).
Status T1Engine::resynchronise() {
  if (t1_.resynchs >= T1_MAX_RESYNCHS) return fail(Status::DEVICE_PROTOCOL_ERROR);
  ++t1_.resynchs;
  t1_.retries = 0;
  t1_.phase = T1Phase::resynch;
  return send(t1::s_pcb(t1::SType::RESYNCH, false), {});
}

/// Rule 6: S(RESYNCH response) resets both sequence numbers to 0; the command is sent
/// again from its first byte and any partial answer is discarded.
Status T1Engine::restart_after_resynch() {
  // A card that needed a resynchronisation to get past our S(IFS request) keeps IFSD 32:
  // asking again before every command would cost three failures each time (decided).
  if (!t1_.ifs_done) {
    t1_.ifs_done = true;
    t1_.ifsd = 32;
  }
  t1_.ns = 0;
  t1_.nr = 0;
  t1_.retries = 0;
  t1_.command_offset = 0;
  clear_response();
  return send_next_chunk();
}

Status T1Engine::fail(Status status) {
  t1_.phase = T1Phase::idle;
  return status;
}

}  // namespace readerkit
