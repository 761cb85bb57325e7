"""A loopback TCP proxy of our own for fault injection and link shaping: it can refuse
connections, swallow or cut answers (the server commits, the client never hears), stall,
and shape both directions with a token bucket. It counts the bytes each way."""

from __future__ import annotations

import socket
import threading
import time
from collections import deque

PASS, DROP, BLACKHOLE, CUT, STALL = "pass", "drop", "blackhole", "cut", "stall"


class TokenBucket:
    def __init__(self, rate_bytes: float, burst: float):
        self.rate, self.capacity = rate_bytes, burst
        self.tokens, self.stamp = burst, time.monotonic()
        self.lock = threading.Lock()

    def take(self, n: int) -> None:
        while True:
            with self.lock:
                now = time.monotonic()
                self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= n:
                    self.tokens -= n
                    return
                wait = (n - self.tokens) / self.rate
            time.sleep(min(wait, 0.05))


class Proxy:
    def __init__(self, upstream_port: int, *, rate_bits: float | None = None,
                 cut_after: int = 20, stall_seconds: float = 5.0):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.mode = PASS
        self.schedule: deque[str] = deque()  # modes for the next connections, then self.mode
        self.cut_after, self.stall_seconds = cut_after, stall_seconds
        self.up_bytes = self.down_bytes = 0
        self.connections = 0
        self._count_lock = threading.Lock()
        chunk = 1460
        self.buckets = None
        if rate_bits:  # one bucket per direction: a full-duplex link of this speed
            self.buckets = (TokenBucket(rate_bits / 8, chunk * 2), TokenBucket(rate_bits / 8,
                                                                              chunk * 2))
        self._chunk = chunk
        self._closing = False
        self._sockets: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def reset_counters(self) -> None:
        with self._count_lock:
            self.up_bytes = self.down_bytes = 0

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            mode = self.schedule.popleft() if self.schedule else self.mode
            self.connections += 1
            threading.Thread(target=self._serve, args=(client, mode), daemon=True).start()

    def _serve(self, client: socket.socket, mode: str) -> None:
        self._sockets.add(client)
        if mode == DROP:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            client.close()
            return
        if mode == STALL:
            time.sleep(self.stall_seconds)
            client.close()
            return
        try:
            server = socket.create_connection(self.upstream)
        except OSError:
            client.close()
            return
        self._sockets.add(server)
        done = threading.Event()
        up = threading.Thread(target=self._pump, args=(client, server, "up", PASS, done),
                              daemon=True)
        up.start()
        self._pump(server, client, "down", mode, done)
        up.join(timeout=5)
        for s in (client, server):
            self._sockets.discard(s)
            try:
                s.close()
            except OSError:
                pass

    def _pump(self, src: socket.socket, dst: socket.socket, direction: str, mode: str,
              done: threading.Event) -> None:
        sent = 0
        bucket = None if self.buckets is None else self.buckets[direction == "down"]
        try:
            while True:
                data = src.recv(self._chunk if bucket else 65536)
                if not data:
                    break
                if mode == BLACKHOLE:
                    break  # the server answered (so it committed); the client never hears
                if mode == CUT and sent + len(data) > self.cut_after:
                    dst.sendall(data[: max(0, self.cut_after - sent)])
                    break
                if bucket:
                    bucket.take(len(data))
                dst.sendall(data)
                sent += len(data)
                with self._count_lock:
                    if direction == "up":
                        self.up_bytes += len(data)
                    else:
                        self.down_bytes += len(data)
        except OSError:
            pass
        finally:
            done.set()
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._closing = True
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self.listener.close()
        for s in list(self._sockets):
            try:
                s.close()
            except OSError:
                pass
        self._thread.join(timeout=5)
