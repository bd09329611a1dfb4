# SPDX-License-Identifier: MIT
"""Runs Debian's vicc for the vpcd tests and benchmark, with Debian 12's quirks handled here
(docs/vpcd.md), never by patching the package:
PYTHONPATH = the package's site-packages folder + a shim folder whose `Crypto` symlink points at
python3-pycryptodome's Cryptodome. Use SELECT with P2=0C (vicc 0.8 fails on P2=00)."""
import os
import socket
import subprocess
import tempfile
import time

VICC = "/usr/bin/vicc"
SITE = "/usr/lib/python3/site-packages/virtualsmartcard"
CRYPTODOME = "/usr/lib/python3/dist-packages/Cryptodome"
VICC_ATR = bytes.fromhex("3B951381018073FF01000B")


def shim_dir():
    """The folder holding `Crypto -> Cryptodome`: VICC_SHIM_DIR (the build tree's) or a new one."""
    path = os.environ.get("VICC_SHIM_DIR") or tempfile.mkdtemp(prefix="vicc-shim-")
    link = os.path.join(path, "Crypto")
    os.makedirs(path, exist_ok=True)
    if not os.path.islink(link):
        os.symlink(CRYPTODOME, link)
    return path


def is_listening(port):
    """True when a TCP socket listens on `port` (read from /proc: probing with connect() would
    look like a card to a vpcd reader)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                        return True
        except FileNotFoundError:
            pass
    return False


def wait_listening(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_listening(port):
            return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


def free_port():
    """A loopback port free right now (tests outside a network namespace use it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_vicc(port, host="127.0.0.1"):
    """Starts `vicc -t iso7816` connecting to a reader that listens on host:port."""
    wait_listening(port)
    env = dict(os.environ, PYTHONPATH=f"{SITE}:{shim_dir()}")
    return subprocess.Popen([VICC, "-t", "iso7816", "-H", host, "-P", str(port)], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def start_vicc_reversed(port):
    """Starts `vicc -t iso7816 -R -P port`: vicc listens (on every interface, its choice) and
    the reader connects. Returns once vicc's port is listening."""
    env = dict(os.environ, PYTHONPATH=f"{SITE}:{shim_dir()}")
    proc = subprocess.Popen([VICC, "-t", "iso7816", "-R", "-P", str(port)], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_listening(port)
    except TimeoutError:
        kill_vicc(proc)
        raise
    return proc


def kill_vicc(proc):
    """SIGKILL: the card vanishes without a goodbye, as a crashed emulator would."""
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
