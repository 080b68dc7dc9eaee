"""Errors of aspa-docflow: the one error tree, for the core and every plug-in.

Every error carries a stable machine ``code`` (shown to people and stored with documents), an
``exit_code`` for the CLI and an ``http_status`` for the API, and a message that tells the user
what to do. Entry points convert them to outcomes once: the CLI handler, the FastAPI exception
handler and the dramatiq actors. Retryable errors are one subtree, :class:`TransientError`
(``err.transient`` is True exactly for them); everything else is permanent. The plug-ins'
errors are defined here too and re-exported by their packages (``billing.errors``,
``channels.errors``, ``auth.errors``, ``classifiers.model`` ...).

Hierarchy (codes on the right)::

    AspaError                            error
    ├── TransientError                   retryable: the actor or the poller tries again
    │   ├── OcrTimeoutError                  ocr_timeout          (also a ProcessingError)
    │   ├── TransientDeliveryError           delivery_transient   (also a DeliveryError)
    │   ├── MailServerError                  mail_server          IMAP server unreachable
    │   └── UnavailableError                 unavailable (503)    a server we need is down
    │       ├── QueueUnavailableError            queue_unavailable    the broker
    │       └── DatabaseUnavailableError         database_unavailable
    ├── InputError                       input_error: bad input; the original goes to quarantine
    │   ├── EmptyFileError                   empty_file
    │   ├── UnsupportedTypeError             unsupported_type
    │   ├── CorruptFileError                 corrupt_file
    │   ├── EncryptedPdfError                encrypted_pdf
    │   ├── TooLargeError                    too_large
    │   ├── TooManyPagesError                too_many_pages
    │   ├── ImageTooLargeError               image_too_large      one page or embedded image
    │   ├── TooManyPixelsError               too_many_pixels      the whole document's pixels
    │   ├── ImageTooSmallError               image_too_small      a 1 × 1 pixel "scan"
    │   ├── RequestTooLargeError             request_too_large    an HTTP body over the limit
    │   ├── TooManyFilesError                too_many_files       files in one upload
    │   ├── BillingInputError                billing_input        bad quarter, price, type, file
    │   │   ├── UnknownProviderError             billing_unknown_provider
    │   │   ├── UnknownServiceError              billing_unknown_service
    │   │   └── EventOutOfWindowError            billing_out_of_window
    │   ├── InvalidMailError                 invalid_mail         the bytes are not an e-mail
    │   ├── NoAttachmentsError               no_attachments
    │   ├── MailTooComplexError              mail_too_complex     too many parts, nested too deep
    │   ├── AttachmentsRefusedError          attachments_refused  every attachment refused
    │   ├── NotABatchError                   not_a_batch          a batch is not a PDF or TIFF
    │   ├── ProcessingInterruptedError       processing_interrupted  a file that crashed us
    │   └── InvalidCorrectionError           invalid_correction   a person's correction
    ├── NotFoundError                    not_found
    │   ├── EventNotFoundError               billing_event_not_found
    │   └── UnknownModelError                model_not_found
    ├── ConflictError                    conflict (a locked record, an action the state refuses)
    │   ├── IllegalTransitionError           illegal_transition   a move not in a state machine
    │   ├── ResendNeedsConfirmationError     resend_needs_confirmation (back to who returned it)
    │   ├── AlreadyReversedError             billing_already_reversed
    │   ├── QuarterClosedError               billing_quarter_closed
    │   ├── QuarterNotEndedError             billing_quarter_not_ended
    │   ├── AppendOnlyError                  billing_append_only
    │   ├── UnpricedEventsError              billing_unpriced
    │   └── NothingToRollBackError           no_previous_model
    ├── ConfigurationError               configuration
    │   ├── NoTariffError                    billing_no_tariff (409)
    │   ├── ChannelConfigError               channel_config
    │   ├── MailLoginError                   mail_login
    │   ├── ModelNotFoundError               model_missing
    │   └── MorphologyUnavailableError       morphology_missing
    ├── AuthenticationError              unauthenticated (401): no or bad credentials
    ├── ForbiddenError                   forbidden (403): signed in, but not allowed
    ├── CsrfError                        csrf_failed (403): a form without the CSRF token
    ├── RateLimitedError                 rate_limited (429): too many failed sign-ins
    │   ├── AccountThrottledError            rate_limited (progressive delay per account)
    │   └── AddressThrottledError            rate_limited (password spraying from one address)
    ├── ProcessingError                  processing_failed: a stage failed on good input
    │   ├── InternalError                    internal_error (a bug or an outage, after retries)
    │   ├── OcrError                         ocr_failed
    │   │   └── OcrResourceLimitError            resource_limit       a page needs more memory
    │   ├── UnsafePdfError                   pdf_unsafe (active content could not be checked)
    │   ├── TimeBudgetExceededError          time_budget_exceeded (one document's OCR)
    │   └── OcrTimeoutError                  ocr_timeout (transient, above)
    └── DeliveryError                    delivery
        ├── TransientDeliveryError           delivery_transient (transient, above)
        └── PermanentDeliveryError           delivery_permanent (straight to dead letter)
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    failure = 1
    usage = 2
    input_file = 3
    configuration = 4
    not_found = 5


class AspaError(Exception):
    """Base class: a stable code, an exit code, an HTTP status and a helpful message."""

    code = "error"
    exit_code = ExitCode.failure
    http_status = 500
    transient = False
    message = "Something went wrong."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or type(self).message
        super().__init__(self.message)

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class TransientError(AspaError):
    """A retryable error: an outage or a timeout, not bad input. Retried, then given up."""

    transient = True


class InputError(AspaError):
    code = "input_error"
    exit_code = ExitCode.input_file
    http_status = 422
    message = "The file cannot be processed."


class EmptyFileError(InputError):
    code = "empty_file"
    message = "The file is empty. Scan the document again."


class UnsupportedTypeError(InputError):
    code = "unsupported_type"
    http_status = 415
    message = "This file type is not supported. Send a PDF, PNG, JPEG or TIFF file."


class CorruptFileError(InputError):
    code = "corrupt_file"
    message = "The file is damaged and cannot be read. Scan or export it again."


class EncryptedPdfError(InputError):
    code = "encrypted_pdf"
    message = "The PDF is password-protected. Ask the sender for an unprotected copy."


class TooLargeError(InputError):
    code = "too_large"
    http_status = 413
    message = "The file is too large. Split it or scan at a lower resolution."


class TooManyPagesError(InputError):
    code = "too_many_pages"
    http_status = 413
    message = "The document has too many pages. Split it into smaller parts."


class ImageTooLargeError(InputError):
    code = "image_too_large"
    http_status = 413
    message = "The image has too many pixels to process safely. Scan at 300 dpi."


class TooManyPixelsError(InputError):
    code = "too_many_pixels"
    http_status = 413
    message = "The document has too many pixels in all to process safely. Split it."


class ImageTooSmallError(InputError):
    code = "image_too_small"
    message = "The image is too small to be a scan of a form. Scan the page again."


class RequestTooLargeError(InputError):
    code = "request_too_large"
    http_status = 413
    message = "The request is too large. Send fewer or smaller files at a time."


class TooManyFilesError(InputError):
    code = "too_many_files"
    http_status = 413
    message = "Too many files in one request. Send them in smaller groups."


class NotFoundError(AspaError):
    code = "not_found"
    exit_code = ExitCode.not_found
    http_status = 404
    message = "No such item."


class ConflictError(AspaError):
    code = "conflict"
    http_status = 409
    message = "The item is not in a state that allows this."


class IllegalTransitionError(ConflictError):
    code = "illegal_transition"
    message = "The item cannot move to that state from its current one."


class ResendNeedsConfirmationError(ConflictError):
    code = "resend_needs_confirmation"
    message = (
        "The authority you chose returned this document as not theirs. Read its reason and "
        "confirm that it should be sent there again."
    )


class ConfigurationError(AspaError):
    code = "configuration"
    exit_code = ExitCode.configuration
    http_status = 500
    message = "The configuration is invalid."


class ProcessingError(AspaError):
    code = "processing_failed"
    message = "Processing failed. An operator can retry the document."


class InternalError(ProcessingError):
    code = "internal_error"
    message = "An unexpected error stopped processing; an operator can retry it."


class OcrError(ProcessingError):
    code = "ocr_failed"
    message = "Text recognition failed. An operator can retry the document."


class OcrResourceLimitError(OcrError):
    code = "resource_limit"
    message = (
        "A page needs more memory than text recognition may use (a damaged or oversized "
        "image). Scan it again at 300 dpi."
    )


class OcrTimeoutError(TransientError, ProcessingError):
    code = "ocr_timeout"
    message = "Text recognition took too long; it will be retried."


class UnsafePdfError(ProcessingError):
    code = "pdf_unsafe"
    message = (
        "The PDF could not be checked for active content, so it is not delivered. "
        "Scan the paper again or ask for a new file."
    )


class TimeBudgetExceededError(ProcessingError):
    code = "time_budget_exceeded"
    message = (
        "Processing the document took longer than its time budget. Split it or scan at a "
        "lower resolution; an operator can retry it."
    )


class UnavailableError(TransientError):
    code = "unavailable"
    http_status = 503
    message = "A service the pipeline needs is not reachable; try again in a moment."


class QueueUnavailableError(UnavailableError):
    code = "queue_unavailable"
    message = (
        "The work queue is not reachable. What was received is saved and will be processed "
        "automatically when the queue is back; sending it again is safe."
    )


class DatabaseUnavailableError(UnavailableError):
    code = "database_unavailable"
    message = "The database is not reachable. Nothing was saved; try again in a moment."


class DeliveryError(AspaError):
    code = "delivery"
    message = "Delivery failed."


class TransientDeliveryError(TransientError, DeliveryError):
    """``retry_after_s``: the provider asked to wait this long (its ``Retry-After``)."""

    code = "delivery_transient"
    message = "The provider could not be reached; delivery will be retried."

    def __init__(self, message: str | None = None, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class PermanentDeliveryError(DeliveryError):
    code = "delivery_permanent"
    message = "The provider refused the delivery; an operator must act."


# --- Billing (re-exported by billing.errors) ---------------------------------------------


class BillingInputError(InputError):
    code = "billing_input"
    message = "The billing input is invalid."


class UnknownProviderError(BillingInputError):
    code = "billing_unknown_provider"
    message = "No such provider in the catalogue. Choose the authority from the list."


class UnknownServiceError(BillingInputError):
    code = "billing_unknown_service"
    message = "No such service in the catalogue, or another provider provides it on that day."


class EventOutOfWindowError(BillingInputError):
    code = "billing_out_of_window"
    message = (
        "The time of the event is outside the open quarter. Record events when they happen; "
        "finance can correct older ones."
    )


class EventNotFoundError(NotFoundError):
    code = "billing_event_not_found"
    message = "No such billable event. Check the event id."


class AlreadyReversedError(ConflictError):
    code = "billing_already_reversed"
    message = "The event has already been reversed; a second reversal is not allowed."


class QuarterClosedError(ConflictError):
    code = "billing_quarter_closed"
    message = "The quarter is closed. Late events go to the next open quarter."


class UnpricedEventsError(ConflictError):
    code = "billing_unpriced"
    message = "Some billable events have no price. Import a tariff that covers them first."


class NoTariffError(ConfigurationError):
    code = "billing_no_tariff"
    http_status = 409  # a state finance can fix, not a server fault
    message = "No tariff has been imported. Run `aspa billing tariff import FILE`."


class AppendOnlyError(ConflictError):
    code = "billing_append_only"
    message = "Posted billing rows are never changed; post a reversal or a new note instead."


class QuarterNotEndedError(ConflictError):
    code = "billing_quarter_not_ended"
    message = "The quarter has not ended yet; close it after its last day."


# --- Intake channels (re-exported by channels.errors) -----------------------------------


class InvalidMailError(InputError):
    code = "invalid_mail"
    message = "The file is not a readable e-mail message. Save the mail again as .eml."


class NoAttachmentsError(InputError):
    code = "no_attachments"
    message = (
        "The e-mail has no attachment to process. Ask the sender to attach the scanned "
        "document as a PDF or image."
    )


class MailTooComplexError(InputError):
    code = "mail_too_complex"
    message = (
        "The e-mail has too many parts or is nested too deeply to be read safely. Ask the "
        "sender to forward the attachments in a new mail."
    )


class ProcessingInterruptedError(InputError):
    code = "processing_interrupted"
    message = (
        "Processing of this file was interrupted repeatedly, so it was set aside. "
        "Report it to the operators."
    )


class AttachmentsRefusedError(InputError):
    code = "attachments_refused"
    message = "None of the e-mail's attachments could be processed."


class NotABatchError(InputError):
    code = "not_a_batch"
    message = "A scanned batch must be a PDF or a multi-page TIFF file."


class ChannelConfigError(ConfigurationError):
    code = "channel_config"
    message = "The channels configuration file is invalid."


class MailLoginError(ConfigurationError):
    code = "mail_login"
    message = "The mail server refused the user name or password. Check the mailbox settings."


class MailServerError(TransientError):
    code = "mail_server"
    message = "The mail server cannot be reached; polling will be retried."


# --- Authentication (re-exported by auth.errors) ----------------------------------------


class AuthenticationError(AspaError):
    code = "unauthenticated"
    exit_code = ExitCode.usage
    http_status = 401
    message = "Sign in first, or send a valid API token."


class ForbiddenError(AspaError):
    code = "forbidden"
    exit_code = ExitCode.usage
    http_status = 403
    message = "Your role does not allow this."


class CsrfError(AspaError):
    code = "csrf_failed"
    http_status = 403
    message = "The form has expired. Reload the page and try again."


class RateLimitedError(AspaError):
    code = "rate_limited"
    http_status = 429
    message = "Too many failed sign-ins. Wait five minutes and try again."


class AccountThrottledError(RateLimitedError):
    message = "Too many failed sign-ins for this user name. Wait a moment and try again."


class AddressThrottledError(RateLimitedError):
    message = "Too many failed sign-ins from this computer. Wait fifteen minutes and try again."


# --- Classification (re-exported by classifiers.model, .registry, .feedback) -----------


class ModelNotFoundError(ConfigurationError):
    code = "model_missing"
    message = "No trained classification model was found. Run `aspa train`."


class MorphologyUnavailableError(ConfigurationError):
    code = "morphology_missing"
    message = (
        "Finnish morphology (Voikko) is not installed: run `make deps` (Debian packages "
        "libvoikko1 and voikko-fi) and `make venv` (PyPI packages libvoikko and PyStemmer)."
    )


class UnknownModelError(NotFoundError):
    code = "model_not_found"
    message = "No model with that version in the models folder."


class NothingToRollBackError(ConflictError):
    code = "no_previous_model"
    message = "There is no previously active model to roll back to."


class InvalidCorrectionError(InputError):
    code = "invalid_correction"
    message = "The correction needs a text, a known service id (or 'none') and a user."


def _by_code() -> dict[str, type[AspaError]]:  # every class by code; a shared code: the base
    found: dict[str, type[AspaError]] = {}
    queue: list[type[AspaError]] = [AspaError]
    while queue:
        cls = queue.pop(0)
        found.setdefault(cls.code, cls)
        queue.extend(c for c in cls.__subclasses__() if c not in queue)
    return found


ERROR_CODES: dict[str, type[AspaError]] = _by_code()
