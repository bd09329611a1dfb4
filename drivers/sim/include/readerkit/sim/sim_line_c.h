// SPDX-License-Identifier: MIT
/* The simulated card's byte line as C functions: the "hardware" of a reader driver written in C
 * (drivers/smclib-example). A UART-like line: reset (the ATR arrives), send bytes, receive bytes
 * with a timeout, power down; card insertion and removal come from the control socket
 * (`readerkit sim-control PATH card insert|remove`, faults) and are reported to a callback.
 * docs/smclib.md "The reference driver". */
#ifndef READERKIT_SIM_SIM_LINE_C_H
#define READERKIT_SIM_SIM_LINE_C_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Results of the line functions. */
enum {
  RK_LINE_OK = 0,       /**< done */
  RK_LINE_TIMEOUT = 1,  /**< the card said nothing within the timeout */
  RK_LINE_NO_CARD = 2,  /**< no card in the slot, or it was removed during the operation */
  RK_LINE_ERROR = 3     /**< a bad argument (buffer too small) */
};

typedef struct RkSimLine RkSimLine;

/** Called with 1 when a card is inserted and 0 when it is removed, from the control socket's
 *  thread (or from inside rk_sim_line_send for the remove-during-transmit fault). */
typedef void (*RkSimLineEvent)(void *context, int present);

/** Opens a slot from "key=value" options separated by ':' (profile=NAME|PATH, control=PATH,
 *  card=absent); NULL with a message in `error` (at most error_size bytes) when they are bad. */
RkSimLine *rk_sim_line_open(const char *options, RkSimLineEvent on_event, void *context,
                            char *error, size_t error_size);
/** Stops the control socket and frees the line; no event is reported afterwards. */
void rk_sim_line_close(RkSimLine *line);

/** 1 when a card is in the slot. */
int rk_sim_line_present(const RkSimLine *line);
/** Resets the card (cold or warm: the same for the simulated card) and reads its ATR as the
 *  line carries it (first byte 3B, or 03 for an inverse-convention card): *length bytes at
 *  most in, the ATR's length out. */
int rk_sim_line_reset(RkSimLine *line, unsigned char *atr, size_t *length);
/** Removes power from the card. */
int rk_sim_line_power_down(RkSimLine *line);
/** Starts a command exchange (the driver's TRANSMIT), as a reader's "flush FIFO" does: drops
 *  card bytes not read yet. An armed remove-during-transmit fault fires on the first send after
 *  it (PPS and other sends outside an exchange leave the fault armed). */
int rk_sim_line_start_exchange(RkSimLine *line);
/** Sends bytes to the card. */
int rk_sim_line_send(RkSimLine *line, const unsigned char *bytes, size_t length);
/** Receives exactly `length` bytes: the first within timeout_us, each next one within
 *  timeout_us of the previous. */
int rk_sim_line_receive(RkSimLine *line, unsigned char *bytes, size_t length,
                        unsigned long timeout_us);

#ifdef __cplusplus
}
#endif

#endif
