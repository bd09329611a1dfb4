# SPDX-License-Identifier: MIT
"""Helpers of the pcsc: reader tests: run readerkit on a pcsc: SPEC, pyscard for the other side."""
import json
import os
import queue
import subprocess
import threading
import time

from smartcard import scard

CLI = os.environ.get("READERKIT_CLI", "readerkit")
RUN_DIR = os.environ.get("READERKIT_RUN_DIR", "/run/readerkit")
TIMEOUT = 60


def run(reader, script, timeout=TIMEOUT):
    """`readerkit --json --reader READER run -`: (exit code, JSON lines)."""
    proc = subprocess.run([CLI, "--json", "--reader", reader, "run", "-"], input=script,
                          capture_output=True, text=True, timeout=timeout)
    return proc.returncode, [json.loads(l) for l in proc.stdout.splitlines() if l.strip()], proc.stderr


class TimedDriver:
    """A `readerkit --json run -` fed line by line; each output line is kept with the time it
    arrived (time.monotonic())."""

    def __init__(self, reader):
        self.proc = subprocess.Popen([CLI, "--json", "--reader", reader, "run", "-"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put((time.monotonic(), json.loads(line)))
        self.lines.put((time.monotonic(), None))

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def read(self, timeout=TIMEOUT):
        at, item = self.lines.get(timeout=timeout)
        assert item is not None, "readerkit ended early: " + self.proc.stderr.read()
        return at, item

    def close(self, timeout=TIMEOUT):
        self.proc.stdin.close()
        rest = []
        while True:
            _, item = self.lines.get(timeout=timeout)
            if item is None:
                break
            rest.append(item)
        return self.proc.wait(timeout=timeout), rest


class Pcsc:
    """A pyscard context: reader names by prefix, state waits."""

    def __init__(self):
        rv, self.context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        assert rv == scard.SCARD_S_SUCCESS

    def close(self):
        scard.SCardReleaseContext(self.context)

    def reader(self, prefix, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rv, names = scard.SCardListReaders(self.context, [])
            for name in names if rv == scard.SCARD_S_SUCCESS else []:
                if name.startswith(prefix):
                    return name
            time.sleep(0.05)
        raise AssertionError(f"no reader named {prefix}...")

    def wait_state(self, reader, bit, timeout=30):
        """Waits until the reader's state has `bit`; returns the time pcscd reported it."""
        deadline = time.monotonic() + timeout
        known = scard.SCARD_STATE_UNAWARE
        while time.monotonic() < deadline:
            rv, states = scard.SCardGetStatusChange(self.context, 200, [(reader, known)])
            if rv == scard.SCARD_S_SUCCESS:
                state = states[0][1]
                if state & bit:
                    return time.monotonic()
                known = state & ~scard.SCARD_STATE_CHANGED
        raise AssertionError(f"{reader} never reached state {bit:#x}")


def sim_control(name, *words):
    """One line to a simulated reader's control socket (the reader behind pcscd)."""
    proc = subprocess.run([CLI, "sim-control", os.path.join(RUN_DIR, name + ".sock"), *words],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def pattern(n):
    return "".join(f"{i & 0xFF:02X}" for i in range(n))
