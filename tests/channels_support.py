"""Builders shared by the channels tests: small real PDFs/PNGs and e-mails."""

from __future__ import annotations

import functools
import io
from email.message import EmailMessage
from email.utils import make_msgid

from PIL import Image, ImageDraw


@functools.cache
def pdf_bytes(text: str) -> bytes:
    """A one-page PDF whose pixels depend on ``text`` (distinct texts -> distinct SHA-256).

    Cached: PIL stamps the creation time to the second, so two builds of one text could differ.
    """
    img = Image.new("L", (200, 120), 255)
    ImageDraw.Draw(img).text((10, 50), text, fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PDF", resolution=72)
    return buf.getvalue()


def png_bytes(size: int, seed: int = 0) -> bytes:
    """A PNG of roughly ``size`` bytes (noise does not compress)."""
    import random

    rnd = random.Random(seed)
    side = max(4, int((size / 3) ** 0.5))
    img = Image.frombytes("RGB", (side, side), rnd.randbytes(side * side * 3))
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=0)
    return buf.getvalue()


def mail_with(
    attachments: list[tuple[str, bytes, str]],
    *,
    subject: str = "Hakemus",
    body: str = "Liitteenä hakemus.",
    sender: str = "Asiointipiste <piste@example.fi>",
    message_id: str | None = None,
) -> bytes:
    """An e-mail with the given ``(name, data, media type)`` attachments."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "aspa@example.fi"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="example.fi")
    msg["Date"] = "Sun, 29 Nov 2026 10:00:00 +0200"
    msg.set_content(body)
    for name, data, media_type in attachments:
        maintype, subtype = media_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


class Dovecot:
    """A real dovecot IMAP server on 127.0.0.1 with a generated config in a temp dir.

    Root (the test containers) runs the login processes as ``dovenull``, the internal ones as
    ``dovecot`` and the mail as ``dovecot``'s uid (dovecot refuses uid 0 for mail); anyone else
    runs everything as themselves.
    """

    def __init__(self, users: dict[str, str]) -> None:
        import os
        import pwd
        import shutil
        import socket
        import tempfile

        if shutil.which("dovecot") is None:
            raise RuntimeError("dovecot is not installed")
        self.users = users
        self.root = tempfile.mkdtemp(prefix="aspa-dovecot-")
        os.chmod(self.root, 0o755)  # the unprivileged login processes must reach base_dir
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        if os.geteuid() == 0:
            internal = pwd.getpwnam("dovecot")
            internal_user, login_user = "dovecot", "dovenull"
            uid, gid = internal.pw_uid, internal.pw_gid
        else:
            me = pwd.getpwuid(os.geteuid())
            internal_user = login_user = me.pw_name
            uid, gid = me.pw_uid, me.pw_gid
        mail = os.path.join(self.root, "mail")
        os.makedirs(mail)
        os.makedirs(os.path.join(self.root, "run"))
        if os.geteuid() == 0:
            os.chown(mail, uid, gid)
        passwd = os.path.join(self.root, "passwd")
        with open(passwd, "w") as f:
            f.writelines(f"{u}:{{PLAIN}}{p}\n" for u, p in users.items())
        os.chmod(passwd, 0o644)
        self.conf = os.path.join(self.root, "dovecot.conf")
        with open(self.conf, "w") as f:
            f.write(
                f"""base_dir = {self.root}/run
log_path = {self.root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal_user}
default_internal_group = {internal_user}
default_login_user = {login_user}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}
mail_location = maildir:{mail}/%u/Maildir
service imap-login {{
  inet_listener imap {{
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
            )
        self.proc: object = None

    def start(self) -> Dovecot:
        import socket
        import subprocess
        import time

        self.proc = subprocess.Popen(
            ["dovecot", "-F", "-c", self.conf],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not start; see {self.root}/dovecot.log")

    def stop(self) -> None:
        import shutil
        import subprocess

        proc = self.proc
        if isinstance(proc, subprocess.Popen):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def client(self, user: str):  # type: ignore[no-untyped-def]
        from imapclient import IMAPClient

        c = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        c.login(user, self.users[user])
        return c
