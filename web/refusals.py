"""Messages of refusals (error classes' default messages) that people see, for the catalogues.

The web error page shows ``gettext(lang, exc.message)`` and falls back to the translated default
message of the error's class when the message carries details (sizes, counts); listing the
defaults here puts them into the catalogues. ``tests/test_hostile_i18n.py`` checks that every
class of :mod:`pipeline.errors` named in :data:`TRANSLATED` has its message here in Finnish and
Swedish. The words themselves come from :func:`web.error_text.error_text`, which the API gets
through ``app.state.localize_error`` (set by :func:`web.install`).
"""

from __future__ import annotations

from .messages import N_

TRANSLATED = (
    "EmptyFileError",
    "UnsupportedTypeError",
    "CorruptFileError",
    "EncryptedPdfError",
    "TooLargeError",
    "TooManyPagesError",
    "ImageTooLargeError",
    "TooManyPixelsError",
    "ImageTooSmallError",
    "UnsafePdfError",
    "TimeBudgetExceededError",
    "MailTooComplexError",
    "InvalidMailError",
    "NoAttachmentsError",
    "AttachmentsRefusedError",
    "ProcessingInterruptedError",
    "RequestTooLargeError",
    "TooManyFilesError",
    "UnknownProviderError",
    "UnknownServiceError",
    "EventOutOfWindowError",
    "AccountThrottledError",
    "AddressThrottledError",
)

AUDIT_ACTIONS = (N_("revealed_text"), N_("purged"))

REFUSALS = (
    N_("The file is empty. Scan the document again."),
    N_("This file type is not supported. Send a PDF, PNG, JPEG or TIFF file."),
    N_("The file is damaged and cannot be read. Scan or export it again."),
    N_("The PDF is password-protected. Ask the sender for an unprotected copy."),
    N_("The file is too large. Split it or scan at a lower resolution."),
    N_("The document has too many pages. Split it into smaller parts."),
    N_("The image has too many pixels to process safely. Scan at 300 dpi."),
    N_("The document has too many pixels in all to process safely. Split it."),
    N_("The image is too small to be a scan of a form. Scan the page again."),
    N_(
        "The PDF could not be checked for active content, so it is not delivered. "
        "Scan the paper again or ask for a new file."
    ),
    N_(
        "The e-mail has too many parts or is nested too deeply to be read safely. Ask the "
        "sender to forward the attachments in a new mail."
    ),
    N_(
        "A header field of the e-mail is longer than 32 KiB, too long to be read safely. Ask "
        "the sender to forward the attachments in a new mail."
    ),
    N_(
        "A part of the e-mail has over 100 parameters in its content header, too many to be "
        "read safely. Ask the sender to forward the attachments in a new mail."
    ),
    N_("The file is not a readable e-mail message. Save the mail again as .eml."),
    N_(
        "The e-mail has no attachment to process. Ask the sender to attach the scanned "
        "document as a PDF or image."
    ),
    N_("None of the e-mail's attachments could be processed."),
    N_(
        "Processing of this file was interrupted repeatedly, so it was set aside. "
        "Report it to the operators."
    ),
    N_("The request is too large. Send fewer or smaller files at a time."),
    N_("Too many files in one request. Send them in smaller groups."),
    N_("No such provider in the catalogue. Choose the authority from the list."),
    N_("No such service in the catalogue, or another provider provides it on that day."),
    N_(
        "The time of the event is outside the open quarter. Record events when they happen; "
        "finance can correct older ones."
    ),
    N_("Advisors record service events for their own service point."),
    N_("A refused file is not previewed."),
    N_(
        "Processing the document took longer than its time budget. Split it or scan at a "
        "lower resolution; an operator can retry it."
    ),
    N_("Too many failed sign-ins for this user name. Wait a moment and try again."),
    N_("Too many failed sign-ins from this computer. Wait fifteen minutes and try again."),
)
