"""Every refusal added for issue 11 reads in Finnish and Swedish (web/refusals.py)."""

from __future__ import annotations

import importlib

import pytest

from web.i18n import catalogue
from web.refusals import REFUSALS, TRANSLATED


@pytest.mark.parametrize("dotted", TRANSLATED)
def test_each_refusal_has_its_message_in_fi_and_sv(dotted: str) -> None:
    cls = getattr(importlib.import_module("pipeline.errors"), dotted)
    assert cls.message in REFUSALS, f"{dotted}: add its message to web/refusals.py"
    for lang in ("fi", "sv"):
        assert catalogue(lang).get(cls.message), f"{dotted}: no {lang} translation"
    assert cls.code and cls.code != "error"


def test_a_detailed_message_falls_back_to_the_translated_default() -> None:
    from pipeline.errors import TooManyPixelsError
    from web.error_text import exc_text

    err = TooManyPixelsError("The document holds 5880 Mpx in all; the limit is 1000 Mpx.")
    assert exc_text("fi", err) == catalogue("fi")[TooManyPixelsError.message]
    assert exc_text("en", err) == err.message


def test_a_refusal_in_an_upload_answer_is_in_the_uploaders_language() -> None:
    from web.error_text import GENERIC
    from web.error_text import error_text as localize_error

    detailed = "The e-mail is 80.0 MiB; the limit is 50 MiB. Ask the sender to send less."
    fi = localize_error("fi", "too_large", detailed)
    assert fi == catalogue("fi")["The file is too large. Split it or scan at a lower resolution."]
    assert localize_error("en", "too_large", detailed) == detailed
    assert localize_error("sv", "no_such_code", "Something.") == catalogue("sv")[GENERIC]


def test_a_mail_refused_for_its_headers_says_so_in_finnish_and_swedish() -> None:
    from hostile_cases import many_params_mail, parts_of_many_params_mail

    from channels.email import parse_eml
    from pipeline.errors import MailTooComplexError
    from web.error_text import exc_text

    for data, limit in ((many_params_mail(10_000), "32 KiB"), (parts_of_many_params_mail(), "100")):
        with pytest.raises(MailTooComplexError) as e:
            parse_eml(data)
        for lang in ("fi", "sv"):
            assert exc_text(lang, e.value) == catalogue(lang)[e.value.message]
            assert limit in exc_text(lang, e.value)
