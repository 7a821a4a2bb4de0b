"""Exit 0 when PostgreSQL and Redis answer at the test URLs; otherwise say which does not."""

import os
import socket
import sys
from urllib.parse import urlparse

ok = True
for name, url, default_port in (("PostgreSQL", os.environ["PG_URL"], 5432), ("Redis", os.environ["REDIS_URL"], 6379)):
    parts = urlparse(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2).close()
    except OSError as exc:
        print(f"{name} is not answering at {parts.hostname}:{parts.port or default_port} ({exc})")
        ok = False
sys.exit(0 if ok else 1)
