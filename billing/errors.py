"""Errors of the billing package, all under :class:`pipeline.errors.AspaError`.

Hierarchy::

    AspaError
    ├── InputError
    │   └── BillingInputError        billing_input (a bad quarter, price, event type, file)
    ├── NotFoundError
    │   └── EventNotFoundError       billing_event_not_found
    ├── ConflictError
    │   ├── AlreadyReversedError     billing_already_reversed
    │   ├── QuarterClosedError       billing_quarter_closed
    │   ├── QuarterNotEndedError     billing_quarter_not_ended (closing a running quarter)
    │   ├── AppendOnlyError          billing_append_only (an update or delete of a posted row)
    │   └── UnpricedEventsError      billing_unpriced (closing with events that have no price)
    └── ConfigurationError
        └── NoTariffError            billing_no_tariff (409)
"""

from __future__ import annotations

from pipeline.errors import ConfigurationError, ConflictError, InputError, NotFoundError


class BillingInputError(InputError):
    code = "billing_input"
    message = "The billing input is invalid."


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
