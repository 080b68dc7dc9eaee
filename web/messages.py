"""Message ids that code builds at run time (states, roles, stages, field kinds).

Listing them here puts them into the catalogues; :func:`N_` only marks a string.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


DYNAMIC = (
    # document states
    N_("received"),
    N_("ocr_done"),
    N_("classified"),
    N_("needs_review"),
    N_("delivered"),
    N_("rejected"),
    N_("failed"),
    N_("processing"),
    # delivery states and inbox states
    N_("pending"),
    N_("sending"),
    N_("retrying"),
    N_("dead"),
    N_("returned"),
    N_("acknowledged"),
    N_("withdrawn"),
    N_("new"),
    # roles
    N_("advisor"),
    N_("provider"),
    N_("operator"),
    N_("finance"),
    N_("admin"),
    # dashboard stages and last-hour counters
    N_("ocr"),
    N_("classification"),
    N_("delivery"),
    N_("review"),
    N_("delivery_attempt"),
    N_("to_review"),
    # extracted field kinds
    N_("henkilotunnus"),
    N_("ytunnus"),
    N_("iban"),
    N_("viitenumero"),
    N_("date"),
    N_("form_code"),
    # audit actions (``state:<state>`` is shown as the state's name)
    N_("viewed"),
    N_("previewed"),
    N_("downloaded"),
    N_("receipt_printed"),
    N_("revealed_fields"),
    N_("confirmed"),
    N_("corrected"),
    N_("delivery_retry"),
    N_("delivery_failed"),
    N_("duplicate_received"),
    N_("split"),
    N_("disabled"),
    # error page titles
    N_("Something went wrong"),
    N_("Not allowed"),
    N_("Not found"),
    N_("Not possible now"),
    N_("Too many attempts"),
)
