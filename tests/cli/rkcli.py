# SPDX-License-Identifier: MIT
"""Helpers for the CLI tests: run `readerkit` and read its JSON lines (docs/contract/cli.md)."""
import json
import os
import queue
import subprocess
import threading
import time

CLI = os.environ.get("READERKIT_CLI", "readerkit")
SOURCE_DIR = os.environ.get("READERKIT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
TIMEOUT = 60  # seconds for one readerkit process; generous for a loaded 2-core machine


def cli(*args, reader=None, json_output=True, stdin=None, timeout=TIMEOUT):
    """Runs one readerkit process; returns the CompletedProcess (text mode)."""
    argv = [CLI]
    if reader is not None:
        argv += ["--reader", reader]
    if json_output:
        argv.append("--json")
    argv += list(args)
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=timeout)


def lines_of(proc):
    """The JSON objects a process printed, one per stdout line."""
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def run_script(script, reader=None):
    """Runs `readerkit --json run -` with the script on stdin: (exit code, JSON lines)."""
    proc = cli("run", "-", reader=reader, stdin=script)
    return proc.returncode, lines_of(proc)


def statuses(lines):
    """The status of every command line (events left out)."""
    return [l["status"] for l in lines if "cmd" in l]


def le32(hex_text):
    """The ULONG in a little-endian hex output."""
    return int.from_bytes(bytes.fromhex(hex_text), "little")


class Driver:
    """A `readerkit --json run -` process fed line by line, its output read with a timeout."""

    def __init__(self, reader):
        self.proc = subprocess.Popen([CLI, "--json", "--reader", reader, "run", "-"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.out = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.out.put(json.loads(line))
        self.out.put(None)

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def read(self, timeout=TIMEOUT):
        """The next JSON line; fails the test when none comes in time."""
        item = self.out.get(timeout=timeout)
        assert item is not None, "readerkit ended early"
        return item

    def close(self):
        """Ends the script (EOF) and returns (exit code, remaining lines)."""
        self.proc.stdin.close()
        rest = []
        while (item := self.out.get(timeout=TIMEOUT)) is not None:
            rest.append(item)
        return self.proc.wait(timeout=TIMEOUT), rest

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def wait_for_socket(path, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        assert time.monotonic() < deadline, f"control socket {path} never appeared"
        time.sleep(0.02)
