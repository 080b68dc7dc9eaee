"""The limits on an e-mail's header fields, checked as the stdlib's feed parser reads them."""

from __future__ import annotations

from email.policy import EmailPolicy

from .errors import MailTooComplexError

# One header field with its folded continuation lines, checked as the feed parser hands each
# field over and before anything parses its value: the stdlib's address, encoded-word and MIME
# parameter parsers are super-linear (a From of 200,000 characters took 3.4 s CPU, a filename of
# encoded words 4.5 s, a part's Content-Type of 10,000 parameters 9 s). RFC 5322 caps a line
# at 998 characters but not a folded field; the longest real ones are To/Cc of a few hundred
# recipients (a 20 KB To parses) and DKIM/ARC signatures (a few KB). Postfix cuts a field at
# 100 KiB (header_size_limit), but files from the hot folder and the API are not cut.
MAX_HEADER_FIELD_CHARS = 32 * 1024
# Parameters of one Content-Type or Content-Disposition field: a real one has a few, and a long
# file name split by RFC 2231 some tens. Below the length limit 2,400 parameters still cost
# ~1 s CPU a part (the walker reads a part's Content-Type several times): 10 parts, 10 s.
MAX_HEADER_PARAMS = 100
_HEADER_TOO_LONG = (
    f"A header field of the e-mail is longer than {MAX_HEADER_FIELD_CHARS // 1024} KiB, too "
    "long to be read safely. Ask the sender to forward the attachments in a new mail."
)
_TOO_MANY_PARAMS = (
    f"A part of the e-mail has over {MAX_HEADER_PARAMS} parameters in its content header, too "
    "many to be read safely. Ask the sender to forward the attachments in a new mail."
)
_PARAMETERISED = ("content-type", "content-disposition")


class _BoundedPolicy(EmailPolicy):
    """``policy.default`` that refuses an over-long header field as the feed parser reads it.

    The feed parser calls :meth:`header_source_parse` once per field of every header block it
    finds (the top level, each MIME part after its boundary, attached messages, delivery
    reports), before any value is parsed; so the limit covers exactly the blocks the parser
    reads, where a scan of the raw bytes would have to guess which lines are headers.
    """

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        if sum(map(len, sourcelines)) > MAX_HEADER_FIELD_CHARS:
            raise MailTooComplexError(_HEADER_TOO_LONG)
        name = sourcelines[0].split(":", 1)[0].strip().lower() if sourcelines else ""
        if name in _PARAMETERISED and sum(line.count(";") for line in sourcelines) > (
            MAX_HEADER_PARAMS
        ):
            raise MailTooComplexError(_TOO_MANY_PARAMS)
        return super().header_source_parse(sourcelines)


PARSE_POLICY = _BoundedPolicy()
