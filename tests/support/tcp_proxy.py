"""A TCP proxy of the test's own between the app and PostgreSQL, which the test can cut.

`refuse()` closes the listening socket and every open connection: new connections are refused at
once, as when the database host is down. `black_hole()` keeps accepting and keeps every socket
open but forwards nothing either way, as a network partition does: the app's packets vanish and
no error ever comes back. `restore()` forwards again on the same port. Loopback only.
"""

from __future__ import annotations

import selectors
import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.mode = "forward"
        self._listener: socket.socket | None = None
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TcpProxy:
        self._listen()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._close_all()
        if self._listener is not None:
            self._listener.close()

    def refuse(self) -> None:
        with self._lock:
            self.mode = "refuse"
            if self._listener is not None:
                self._listener.close()
                self._listener = None
        self._close_all()

    def black_hole(self) -> None:
        with self._lock:
            self.mode = "black_hole"

    def restore(self) -> None:
        with self._lock:
            self.mode = "forward"
        if self._listener is None:
            self._listen()
        self._close_all()  # connections held in the black hole are dead for their owners anyway

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener

    def _close_all(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._accept()
            self._pump()

    def _accept(self) -> None:
        listener = self._listener
        if listener is None:
            self._stop.wait(0.05)
            return
        try:
            client, _ = listener.accept()
        except OSError:  # timed out, or closed by refuse()
            return
        server = socket.create_connection(self.target, timeout=5) if self.mode == "forward" else None
        with self._lock:
            # In the black hole a client is accepted and kept, then ignored: no server behind it.
            self._pairs.append((client, server or socket.socket()))

    def _pump(self) -> None:
        if self.mode != "forward":
            return
        with self._lock:
            pairs = list(self._pairs)
        selector = selectors.DefaultSelector()
        for client, server in pairs:
            if server.fileno() < 0 or client.fileno() < 0:
                continue
            try:
                selector.register(client, selectors.EVENT_READ, server)
                selector.register(server, selectors.EVENT_READ, client)
            except (ValueError, OSError):
                continue
        try:
            for key, _ in selector.select(timeout=0.02):
                try:
                    data = key.fileobj.recv(65536)
                    if data:
                        key.data.sendall(data)
                        continue
                except OSError:
                    pass
                self._drop(key.fileobj)  # one side closed or failed: so does the other
        finally:
            selector.close()

    def _drop(self, sock: socket.socket) -> None:
        with self._lock:
            gone = [pair for pair in self._pairs if sock in pair]
            self._pairs = [pair for pair in self._pairs if sock not in pair]
        for pair in gone:
            for each in pair:
                each.close()
