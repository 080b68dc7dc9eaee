"""Errors of the intake channels, on the pipeline's one error base class.

Hierarchy (codes in the right column)::

    pipeline.errors.InputError
    ├── InvalidMailError           invalid_mail     the bytes are not an e-mail
    ├── NoAttachmentsError         no_attachments   a mail with nothing to turn into a document
    ├── MailTooComplexError        mail_too_complex too many parts or nested too deep
    ├── AttachmentsRefusedError    attachments_refused  the intake refused every attachment
    ├── NotABatchError             not_a_batch      a batch to split is not a PDF or TIFF
    └── ProcessingInterruptedError processing_interrupted  a file that crashed the service
    pipeline.errors.ConfigurationError
    ├── ChannelConfigError         channel_config   a channels YAML file is invalid
    └── MailLoginError             mail_login       the IMAP server refused the credentials
    pipeline.errors.AspaError
    └── MailServerError            mail_server      the IMAP server cannot be reached (transient)
"""

from __future__ import annotations

from pipeline.errors import AspaError, ConfigurationError, InputError


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


class AttachmentsRefusedError(InputError):
    code = "attachments_refused"
    message = "None of the e-mail's attachments could be processed."


class NotABatchError(InputError):
    code = "not_a_batch"
    message = "A scanned batch must be a PDF or a multi-page TIFF file."


class ProcessingInterruptedError(InputError):
    code = "processing_interrupted"
    message = (
        "Processing of this file was interrupted repeatedly, so it was set aside. "
        "Report it to the operators."
    )


class ChannelConfigError(ConfigurationError):
    code = "channel_config"
    message = "The channels configuration file is invalid."


class MailLoginError(ConfigurationError):
    code = "mail_login"
    message = "The mail server refused the user name or password. Check the mailbox settings."


class MailServerError(AspaError):
    code = "mail_server"
    transient = True
    message = "The mail server cannot be reached; polling will be retried."
