"""Bounds of the served connections that the CLI offers as options (no heavy imports, so
``borderflow --help`` stays fast)."""

from __future__ import annotations

#: seconds a client has to send a whole request head, from connecting or from its first
#: byte: a client that trickles a head (slowloris) cannot hold a connection for long
HEAD_TIMEOUT_S = 10.0
#: the bounds ``serve --head-timeout`` accepts: under a second cuts off honest clients on a
#: slow link; over five minutes lets a few hundred trickling clients hold every connection
HEAD_TIMEOUT_RANGE = (1.0, 300.0)
