"""Words several front ends show, marked once for the catalogue."""

from __future__ import annotations

from borderflow.i18n import N_, _

#: the claims checker's verdicts (``borderflow.claims``), as shown to a reader
VERDICTS = {"supported": N_("supported"), "contradicted": N_("contradicted"),
            "wrong measure": N_("wrong measure"), "not checkable": N_("not checkable")}


def verdict_name(verdict: str) -> str:
    """A verdict in the language in use ("contradicted", "contradicha")."""
    return _(VERDICTS[verdict]) if verdict in VERDICTS else verdict
