"""E-mail intake: attachments, names in odd encodings, inline images, nested mails."""

from __future__ import annotations

import re
import time
from email.message import EmailMessage

import pytest
from channels_support import mail_with, pdf_bytes, png_bytes
from hypothesis import given
from hypothesis import strategies as st

from channels import RecordingSubmitter, parse_eml, submit_eml
from channels._html import strip_tags
from channels._names import sanitize_filename, unique_names
from channels.errors import InvalidMailError, NoAttachmentsError
from pipeline.errors import EmptyFileError, UnsupportedTypeError
from pipeline.incoming import IncomingFile, Submitted


def test_each_attachment_becomes_a_document_with_source_hint_sender_and_group() -> None:
    # Given a mail with two PDFs and a JPEG
    data = mail_with(
        [
            ("hakemus.pdf", pdf_bytes("a"), "application/pdf"),
            ("liite.pdf", pdf_bytes("b"), "application/pdf"),
            ("kuva.jpg", png_bytes(1000), "image/jpeg"),
        ],
        subject="Asumistuki AT 1",
        body="Asiakkaan hakemus ja liitteet.",
    )
    sub = RecordingSubmitter()
    # When it is submitted
    results = submit_eml(sub, data, path_label="in/mail.eml", service_point="mikkeli")
    # Then each attachment is one call with its own source and the shared mail context
    assert [r.source for r in results] == [
        "in/mail.eml#hakemus.pdf",
        "in/mail.eml#liite.pdf",
        "in/mail.eml#kuva.jpg",
    ]
    assert all(r.ok and len(r.document_ids) == 1 for r in results)
    assert [c.filename for c in sub.calls] == ["hakemus.pdf", "liite.pdf", "kuva.jpg"]
    assert {c.channel for c in sub.calls} == {"email"}
    assert {c.service_point for c in sub.calls} == {"mikkeli"}
    assert {c.sender for c in sub.calls} == {"piste@example.fi"}
    assert len({c.group for c in sub.calls}) == 1 and sub.calls[0].group
    hint = sub.calls[0].hint or ""
    assert "Asumistuki AT 1" in hint and "Asiakkaan hakemus" in hint
    assert sub.calls[0].data == pdf_bytes("a")


def test_repeated_names_get_a_suffix() -> None:
    data = mail_with(
        [
            ("liite.pdf", pdf_bytes("1"), "application/pdf"),
            ("liite.pdf", pdf_bytes("2"), "application/pdf"),
            ("LIITE.pdf", pdf_bytes("3"), "application/pdf"),
        ]
    )
    mail = parse_eml(data)
    assert [a.name for a in mail.attachments] == ["liite.pdf", "liite-2.pdf", "LIITE-3.pdf"]


RAW_ODD = (
    b"From: =?iso-8859-1?q?Asiointipiste_J=E4ms=E4?= <piste@example.fi>\r\n"
    b"To: aspa@example.fi\r\n"
    b"Subject: Hakemus \xe4\xf6 \r\n"  # raw latin-1 bytes in a header
    b"Message-ID: <odd-1@example.fi>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
    b"--XX\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n"
    b"P\xe4\xe4t\xf6s liitteen\xe4 \x80\r\n"
    b"--XX\r\nContent-Type: application/pdf\r\n"
    b'Content-Disposition: attachment; filename="p\xe4\xe4t\xf6s.pdf"\r\n'  # latin-1 bytes
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKMQ==\r\n"
    b"--XX\r\nContent-Type: application/pdf\r\n"
    b"Content-Disposition: attachment; filename*=iso-8859-1''r%E4kning%202.pdf\r\n"  # RFC 2231
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKMg==\r\n"
    b'--XX\r\nContent-Type: application/pdf; name="=?utf-8?b?w6RpdGkucGRm?="\r\n'  # RFC 2047
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKMw==\r\n"
    b"--XX\r\nContent-Type: application/pdf\r\n"
    b'Content-Disposition: attachment; filename="\xc3\xa5\xc3\xa4.pdf"\r\n'  # raw UTF-8
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKNA==\r\n"
    b"--XX\r\nContent-Type: application/pdf\r\n"
    b'Content-Disposition: attachment; filename="..\\\\..\\\\windows\\\\evil\x07.pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKNQ==\r\n"
    b"--XX\r\nContent-Type: image/png\r\nContent-Disposition: attachment\r\n"  # no name
    b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
    b"--XX--\r\n"
)


def test_odd_and_non_utf8_names_and_headers_are_decoded_and_sanitised() -> None:
    mail = parse_eml(RAW_ODD)
    assert [a.name for a in mail.attachments] == [
        "päätös.pdf",
        "räkning 2.pdf",
        "äiti.pdf",
        "åä.pdf",
        "evil_.pdf",
        "attachment-6.png",
    ]
    assert mail.subject == "Hakemus äö"
    assert mail.sender == "piste@example.fi"
    assert "Päätös liitteenä €" in mail.body_text
    assert mail.message_id == "<odd-1@example.fi>"
    for att in mail.attachments:
        assert "/" not in att.name and "\\" not in att.name
        assert all(ord(c) >= 32 for c in att.name)


def test_inline_images_big_kept_small_dropped_and_signatures_skipped() -> None:
    msg = EmailMessage()
    msg["From"] = "piste@example.fi"
    msg["Subject"] = "Kuva lomakkeesta"
    msg.set_content("Katso kuva.")
    msg.add_alternative('<p>Katso <img src="cid:logo"> <img src="cid:photo"></p>', subtype="html")
    html_part = msg.get_payload()[1]
    logo, photo = png_bytes(2_000, seed=1), png_bytes(80_000, seed=2)
    html_part.add_related(
        logo,
        maintype="image",
        subtype="png",
        cid="<logo>",
        filename="logo.png",
        disposition="inline",
    )
    html_part.add_related(photo, maintype="image", subtype="png", cid="<photo>")
    msg.add_attachment(
        b"sig", maintype="application", subtype="pkcs7-signature", filename="smime.p7s"
    )
    mail = parse_eml(msg.as_bytes())
    assert len(mail.attachments) == 1
    kept = mail.attachments[0]
    assert kept.inline and kept.data == photo and kept.name == "attachment-1.png"
    assert any("logo.png" in p for p in mail.problems)
    assert any("S/MIME" in p for p in mail.problems)
    assert mail.body_text.strip() == "Katso kuva."


def test_nested_forwarded_message_is_recursed_into() -> None:
    inner = mail_with(
        [("sisempi.pdf", pdf_bytes("inner"), "application/pdf")],
        subject="Alkuperäinen",
        body="Sisäviestin teksti",
    )
    outer = EmailMessage()
    outer["From"] = "esihenkilo@example.fi"
    outer["Subject"] = "VL: Alkuperäinen"
    outer.set_content("Välitän.")
    outer.add_attachment(
        pdf_bytes("outer"), maintype="application", subtype="pdf", filename="ulompi.pdf"
    )
    from email import message_from_bytes, policy

    outer.add_attachment(message_from_bytes(inner, policy=policy.default))
    mail = parse_eml(outer.as_bytes())
    assert [a.name for a in mail.attachments] == ["ulompi.pdf", "sisempi.pdf"]
    assert mail.attachments[1].data == pdf_bytes("inner")
    assert "Sisäviestin teksti" in mail.body_text and "Alkuperäinen" in mail.body_text
    assert mail.sender == "esihenkilo@example.fi"


def test_mail_without_attachments_is_a_clear_no_attachments_error() -> None:
    data = mail_with([], subject="Kysymys", body="Milloin päätös tulee?")
    sub = RecordingSubmitter()
    with pytest.raises(NoAttachmentsError) as info:
        submit_eml(sub, data, path_label="q.eml", service_point="oulu")
    assert info.value.code == "no_attachments"
    assert sub.calls == []


def test_not_a_mail_and_empty_are_refused() -> None:
    with pytest.raises(InvalidMailError):
        parse_eml(b"%PDF-1.4 this is a pdf\n")
    with pytest.raises(EmptyFileError):
        parse_eml(b"  \r\n")


class RefusingDocx(RecordingSubmitter):
    """An intake that refuses Word files, as the pipeline's type sniffing does."""

    def submit(self, data: bytes, file: IncomingFile) -> Submitted:
        if str(file.filename).endswith(".docx"):
            raise UnsupportedTypeError()
        return super().submit(data, file)


def test_a_refused_attachment_is_reported_and_the_others_go_through() -> None:
    data = mail_with(
        [
            ("lomake.docx", b"PK\x03\x04 word", "application/octet-stream"),
            ("lomake.pdf", pdf_bytes("ok"), "application/pdf"),
        ]
    )
    results = submit_eml(RefusingDocx(), data, path_label="m.eml", service_point="x")
    assert [(r.filename, r.error_code) for r in results] == [
        ("lomake.docx", "unsupported_type"),
        ("lomake.pdf", None),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\scan.pdf", "scan.pdf"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("a\x00b\x1fc.pdf", "a_b_c.pdf"),
        ("", "attachment-4.pdf"),
        (None, "attachment-4.pdf"),
        ("///", "attachment-4.pdf"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_sanitize_filename(raw: str | None, expected: str) -> None:
    assert sanitize_filename(raw, media_type="application/pdf", index=4) == expected


def test_unique_names() -> None:
    assert unique_names(["a.pdf", "a.pdf", "a-2.pdf"]) == ["a.pdf", "a-2.pdf", "a-2-2.pdf"]


def test_mbox_style_from_line_is_accepted() -> None:
    data = b"From piste@example.fi Sun Nov 29 10:00:00 2026\n" + mail_with(
        [("a.pdf", pdf_bytes("mbox"), "application/pdf")]
    )
    assert [a.name for a in parse_eml(data).attachments] == ["a.pdf"]


def test_looks_like_eml_for_type_sniffing() -> None:
    from channels import looks_like_eml

    assert looks_like_eml(mail_with([("a.pdf", pdf_bytes("s"), "application/pdf")]))
    assert looks_like_eml(RAW_ODD)
    assert not looks_like_eml(pdf_bytes("not a mail"))
    assert not looks_like_eml("Huom: tämä on tekstitiedosto\n\nEi sähköposti.\n".encode())
    assert not looks_like_eml(b"")


def test_a_bounce_does_not_resubmit_the_returned_attachments() -> None:
    from email import message_from_bytes, policy

    returned = mail_with([("palautettu.pdf", pdf_bytes("bounce"), "application/pdf")])
    bounce = EmailMessage()
    bounce["From"] = "MAILER-DAEMON@example.fi"
    bounce["Subject"] = "Undelivered Mail Returned to Sender"
    bounce.set_content("The mail could not be delivered.")
    bounce.add_attachment(message_from_bytes(returned, policy=policy.default))
    bounce.replace_header(
        "Content-Type",
        f'multipart/report; report-type=delivery-status; boundary="{bounce.get_boundary()}"',
    )
    mail = parse_eml(bounce.as_bytes())
    assert mail.attachments == ()
    assert any("delivery report" in p for p in mail.problems)
    assert "could not be delivered" in mail.body_text


@pytest.mark.parametrize("header", ["From", "Message-ID"])
def test_a_header_of_comments_nested_thousands_deep_is_unread_not_a_crash(header: str) -> None:
    # The header parser recursed once per "(" and raised RecursionError out of parse_eml.
    msg = EmailMessage()
    msg["From"] = "asiakas@example.fi"
    msg.add_attachment(pdf_bytes("x"), maintype="application", subtype="pdf", filename="a.pdf")
    raw = msg.as_bytes().replace(
        b"From: asiakas@example.fi", header.encode() + b": " + b"(" * 10_000
    )
    mail = parse_eml(raw)
    assert (mail.sender, mail.message_id) == (None, None)
    assert [a.name for a in mail.attachments] == ["a.pdf"]


def html_mail(body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "asiakas@example.fi"
    msg["Subject"] = "Liite"
    msg.set_content(body, subtype="html")
    msg.add_attachment(pdf_bytes("x"), maintype="application", subtype="pdf", filename="a.pdf")
    return msg.as_bytes()


@pytest.mark.parametrize("body", ["<script>" * 20_000, "<" * 160_000, "<br" * 53_000])
def test_an_html_body_of_unclosed_tags_is_read_in_linear_time(body: str) -> None:
    # Every try read on to the end of the body: 160,000 characters of these took 10-19 s.
    data = html_mail(body)
    start = time.process_time()
    mail = parse_eml(data)
    assert time.process_time() - start < 3.0
    assert [a.name for a in mail.attachments] == ["a.pdf"]


def test_tags_scripts_and_line_breaks_of_an_html_body_are_turned_into_text() -> None:
    body = (
        "<p>Hei,<br>liitteenä <b>hakemus</b>.</p><script>x = '<p>';</SCRIPT >"
        "<style>p {}</style>Terveisin<br/>Matti &amp; Maija <script>ei loppua <i>kursiivi</i>"
    )
    mail = parse_eml(html_mail(body))
    assert (
        mail.body_text == "Hei,\nliitteenä hakemus .\nTerveisin\nMatti & Maija ei loppua kursiivi"
    )


_OLD_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)
# The long s (\u017f) matches "s" in the pattern but not in its backreference.
_PIECES = ["<", ">", "/", "</", "script", "SCRIPT", "Style", "style", "\u017fcript", "a"]
_PIECES += [" ", "\n", "p"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_tags_are_stripped_as_the_regular_expression_defines(text: str) -> None:
    assert strip_tags(text) == _OLD_TAGS.sub(" ", text)
