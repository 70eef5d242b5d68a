"""Commands for shelter organisations' tokens, run on the server's machine."""

from __future__ import annotations

from typing import Annotated

import typer

from borderflow.cli._common import HomeOption, console, handle_errors, settings


def token_revoke(
    org: Annotated[str, typer.Argument(help="Organisation id.")],
    hint: Annotated[str, typer.Argument(
        help="The token's first 8 characters, as `GET /api/orgs/ORG/audit` shows them.")],
    home: HomeOption = None,
) -> None:
    """Revoke an organisation's token now (audited); it is refused from then on."""
    from borderflow.store.shelters import ShelterStore

    store = ShelterStore(settings(home).home / "shelters.sqlite")
    try:
        n = store.revoke_token(None, org, hint)
    finally:
        store.close()
    console().print(f"revoked {n} token(s) of {org} starting {hint}", markup=False)


def register(app: typer.Typer) -> None:
    """Attach the commands to ``app``."""
    app.command(name="token-revoke")(handle_errors(token_revoke))
