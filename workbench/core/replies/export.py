"""Export a (redacted) draft as Markdown or as an e-mail file any mail client opens (.eml, UTF-8)."""

from __future__ import annotations

import os
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.replies.render import Draft


def to_markdown(draft: Draft) -> str:
    """The draft with its subject as a heading."""
    head = f"# {draft.subject}\n\n" if draft.subject else ""
    return head + draft.text


def to_email(draft: Draft, *, to: str = "", sender: str = "") -> EmailMessage:
    """The draft as a UTF-8 text/plain message (headers encoded as RFC 2047 where needed)."""
    message = EmailMessage()
    message["Subject"] = draft.subject or "(no subject)"
    if to:
        message["To"] = to
    if sender:
        message["From"] = sender
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain="workbench.invalid")
    message["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft to send, not a received mail
    message.set_content(draft.text, charset="utf-8")
    return message


def _write(path: Path, data: bytes) -> Path:
    """Write via a temporary file and rename, so an interrupted export leaves no half file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WorkbenchError(f"cannot write {path}: {exc.strerror}") from None
    return path


def export_draft(draft: Draft, path: Path, *, to: str = "", sender: str = "") -> Path:
    """Write ``draft`` to ``path``: ``.eml`` as an e-mail, anything else (``.md``) as Markdown."""
    path = Path(path)
    if path.suffix.lower() == ".eml":
        return _write(path, to_email(draft, to=to, sender=sender).as_bytes())
    return _write(path, to_markdown(draft).encode("utf-8"))
