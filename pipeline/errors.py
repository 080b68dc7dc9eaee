"""Errors of aspa-docflow.

Every error carries a stable machine ``code`` (shown to people and stored with documents), an
``exit_code`` for the CLI and an ``http_status`` for the API, and a message that tells the user
what to do. Entry points convert them to outcomes once: the CLI handler, the FastAPI exception
handler and the dramatiq actors (transient errors are retried, permanent ones are not).

Hierarchy::

    AspaError
    ├── InputError                 bad input from a person; the original goes to quarantine
    │   ├── EmptyFileError             empty_file
    │   ├── UnsupportedTypeError       unsupported_type
    │   ├── CorruptFileError           corrupt_file
    │   ├── EncryptedPdfError          encrypted_pdf
    │   ├── TooLargeError              too_large
    │   ├── TooManyPagesError          too_many_pages
    │   ├── ImageTooLargeError         image_too_large (one page or embedded image)
    │   ├── TooManyPixelsError         too_many_pixels (the whole document)
    │   └── ImageTooSmallError         image_too_small (a 1 × 1 pixel "scan")
    ├── NotFoundError              not_found
    ├── ConflictError              conflict (an illegal state transition, a locked record)
    ├── ConfigurationError         configuration
    ├── ProcessingError            a stage failed on good input
    │   ├── InternalError              internal_error (a bug or an outage, after retries)
    │   ├── OcrError                   ocr_failed
    │   └── OcrTimeoutError            ocr_timeout (transient)
    └── DeliveryError              delivery
        ├── TransientDeliveryError     delivery_transient (retried with backoff)
        └── PermanentDeliveryError     delivery_permanent (straight to dead letter)
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


class NotFoundError(AspaError):
    code = "not_found"
    exit_code = ExitCode.not_found
    http_status = 404
    message = "No such item."


class ConflictError(AspaError):
    code = "conflict"
    http_status = 409
    message = "The item is not in a state that allows this."


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


class OcrTimeoutError(ProcessingError):
    code = "ocr_timeout"
    transient = True
    message = "Text recognition took too long; it will be retried."


class DeliveryError(AspaError):
    code = "delivery"
    message = "Delivery failed."


class TransientDeliveryError(DeliveryError):
    code = "delivery_transient"
    transient = True
    message = "The provider could not be reached; delivery will be retried."


class PermanentDeliveryError(DeliveryError):
    code = "delivery_permanent"
    message = "The provider refused the delivery; an operator must act."


ERROR_CODES: dict[str, type[AspaError]] = {
    cls.code: cls
    for cls in (
        EmptyFileError,
        UnsupportedTypeError,
        CorruptFileError,
        EncryptedPdfError,
        TooLargeError,
        TooManyPagesError,
        ImageTooLargeError,
        TooManyPixelsError,
        ImageTooSmallError,
        NotFoundError,
        ConflictError,
        ConfigurationError,
        ProcessingError,
        InternalError,
        OcrError,
        OcrTimeoutError,
        TransientDeliveryError,
        PermanentDeliveryError,
    )
}
