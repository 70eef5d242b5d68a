"""Words several front ends show, marked once for the catalogue."""

from __future__ import annotations

from borderflow.i18n import N_, _

#: components as CBP names them, and the places and groups of the forecast hierarchies
#: and the explorer's groups
GROUP_NAMES = {"USBP": N_("U.S. Border Patrol"), "OFO": N_("Office of Field Operations"),
               "Southwest": N_("Southwest"), "Northern": N_("Northern"),
               "Nation": N_("Nationwide"), "Coastal": N_("Coastal"), "Other": N_("Other"),
               "Single Adults": N_("Single Adults"),
               "Family Unit Individuals": N_("Family Unit Individuals"),
               "Accompanied Minors": N_("Accompanied Minors"),
               "Unaccompanied Children": N_("Unaccompanied Children")}


def group_name(name: str) -> str:
    """A group's name as a reader knows it, in the language in use: components spelled
    out as CBP does ("USBP" is "U.S. Border Patrol", "Patrulla Fronteriza de EE. UU.")."""
    base, sep, rest = name.partition(" (all CBP)")
    if sep and not rest:
        return _("{name} (all CBP)").format(name=group_name(base))
    return _(GROUP_NAMES[name]) if name in GROUP_NAMES else name

#: the claims checker's verdicts (``borderflow.claims``), as shown to a reader
VERDICTS = {"supported": N_("supported"), "contradicted": N_("contradicted"),
            "wrong measure": N_("wrong measure"), "not checkable": N_("not checkable")}


#: what an alert is (``borderflow.analytics.detect``)
ALERT_KINDS = {"surge": N_("surge"), "drop": N_("drop"), "level shift": N_("level shift"),
               "mix shift": N_("mix shift")}


def alert_kind(kind: str) -> str:
    """An alert's kind in the language in use ("level shift", "cambio de nivel")."""
    return _(ALERT_KINDS[kind]) if kind in ALERT_KINDS else kind


def verdict_name(verdict: str) -> str:
    """A verdict in the language in use ("contradicted", "contradicha")."""
    return _(VERDICTS[verdict]) if verdict in VERDICTS else verdict
