"""The delivery cycle of one document: rounds of deliveries, completion, returns, the charge.

A document's deliveries come in *rounds*. Routing opens round 1, one delivery per route of the
provider of the day. A return by the provider closes the round: its confirmed deliveries become
``returned``, its open ones ``withdrawn`` (both history), the document goes back to review and
the charge is reversed. The person's next decision opens a new round, to another authority
(re-route) or the same one (re-send): new deliveries, new ids, new idempotency keys, and on
completion a new charge. Hence, per document, the net billable count is 1 while it is
``delivered`` and 0 otherwise, charged to the provider of the current round::

    round 1: kela/folder delivered ─► returned      charge kela r1, reversal kela r1
    round 2: vero/folder delivered ─► acknowledged  charge vero r2

The charge is posted when the document becomes ``delivered`` (every current delivery
confirmed), in the same transaction, so a document with a dead route is never billed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .db import session_scope, utcnow
from .errors import ConflictError
from .models import AuditEvent, Delivery, Document
from .ports import BillingHooks, KeepsCopies, RoutingTable
from .states import (
    CONFIRMED_DELIVERY,
    CURRENT_DELIVERY,
    OPEN_DELIVERY,
    DeliveryState,
    DocState,
    all_confirmed,
    check_delivery_transition,
)
from .transitions import move

log = logging.getLogger(__name__)


def set_state(d: Delivery, target: DeliveryState) -> None:
    """Move a delivery through :data:`~pipeline.states.DELIVERY_TRANSITIONS`."""
    d.state = check_delivery_transition(d.state, target)


def deliveries_of(session: Session, document_id: str) -> list[Delivery]:
    """All deliveries of a document, oldest round first."""
    return list(
        session.scalars(
            select(Delivery)
            .where(Delivery.document_id == document_id)
            .order_by(Delivery.round_no, Delivery.created_at, Delivery.id)
        )
    )


def current_of(deliveries: Iterable[Delivery]) -> list[Delivery]:
    """The deliveries of the current route (not returned, not withdrawn)."""
    return [d for d in deliveries if d.state in CURRENT_DELIVERY]


def pending_return(deliveries: Iterable[Delivery]) -> Delivery | None:
    """The return the document is waiting on: its latest round was returned and no new round
    has started. None when the document was never returned or has been routed again."""
    rows = list(deliveries)
    if not rows or current_of(rows):
        return None
    returned = [d for d in rows if d.state == DeliveryState.returned and d.returned_at]
    return max(returned, key=lambda d: (d.round_no, d.returned_at)) if returned else None


def open_round(
    session: Session, doc: Document, provider: str, route_names: Iterable[str], *, actor: str
) -> list[str]:
    """The deliveries for ``provider``'s routes; returns the ids that need sending.

    Current deliveries of the same routes are reused (a re-run adds no copy). Without any, a
    new round starts. Open deliveries to another destination (a person changed the decision
    before they were sent) are withdrawn.

    Raises:
        ConflictError: the document already arrived elsewhere; that provider must return it.
    """
    everything = deliveries_of(session, doc.id)
    wanted = [(provider, name) for name in route_names]
    for d in current_of(everything):
        if (d.authority, d.connector) in wanted:
            continue
        if d.state in CONFIRMED_DELIVERY:
            raise ConflictError(
                f"The document was already delivered to '{d.authority}'; "
                "it can be routed again only after that provider returns it."
            )
        set_state(d, DeliveryState.withdrawn)
        _audit(session, d, "delivery_withdrawn", actor)
    current = {(d.authority, d.connector): d for d in current_of(everything)}
    round_no = max((d.round_no for d in everything), default=0)
    if not current:
        round_no += 1
    ids = []
    for key in wanted:
        found = current.get(key)
        if found is None:
            found = Delivery(
                document_id=doc.id,
                authority=provider,
                service=doc.service,
                connector=key[1],
                round_no=round_no,
                state=DeliveryState.pending,
            )
            session.add(found)
            session.flush()
        if found.state in OPEN_DELIVERY:
            ids.append(found.id)
    return ids


def complete_if_delivered(
    session: Session, doc: Document, last: Delivery, *, billing: BillingHooks
) -> bool:
    """Move the document to ``delivered`` and post its charge once every current route is in.

    Args:
        last: the delivery that was just confirmed (names the connector in the ledger).
        billing: the ledger's hooks (``rt.plugins.billing``).
    """
    session.flush()
    everything = deliveries_of(session, doc.id)
    if doc.state != DocState.classified or not all_confirmed(d.state for d in everything):
        return False
    move(session, doc, DocState.delivered)
    billing.on_delivered(
        session,
        document_id=doc.id,
        service_point=doc.submission.service_point,
        provider=last.authority,
        service=last.service,
        occurred_at=utcnow(),
        advisor=doc.submission.submitted_by,
        source=f"delivery:{last.connector}",
        delivery_round=last.round_no,
    )
    return True


def return_round(
    session: Session, d: Delivery, *, reason: str, actor: str, billing: BillingHooks
) -> Document:
    """The provider returns ``d``'s document: close its round, back to review, reverse the fee.

    Raises:
        ConflictError: ``d`` is not at the provider (only what arrived can be returned).
    """
    if d.state not in CONFIRMED_DELIVERY:
        raise ConflictError(f"A delivery in state '{d.state}' cannot be returned.")
    now = utcnow()
    doc = session.get(Document, d.document_id)
    assert doc is not None
    for sibling in current_of(deliveries_of(session, d.document_id)):
        if sibling.round_no != d.round_no:
            continue
        if sibling.state in CONFIRMED_DELIVERY:
            set_state(sibling, DeliveryState.returned)
            sibling.returned_at, sibling.return_reason = now, reason[:2000]
        else:
            set_state(sibling, DeliveryState.withdrawn)
            _audit(session, sibling, "delivery_withdrawn", actor)
    move(session, doc, DocState.needs_review, actor=actor)
    billing.on_returned(
        session,
        document_id=doc.id,
        reason=f"returned as misrouted by {d.authority}",
        by=actor,
        provider=d.authority,
    )
    return doc


def _audit(session: Session, d: Delivery, action: str, actor: str) -> None:
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            document_id=d.document_id,
            details={"delivery_id": d.id, "authority": d.authority, "round": d.round_no},
        )
    )


def copies_of(deliveries: Iterable[Delivery]) -> list[tuple[str, str]]:
    """``(connector route, receipt location)`` of every delivery that left a copy somewhere."""
    return [
        (d.connector, str(d.receipt["location"]))
        for d in deliveries
        if d.receipt and d.receipt.get("location")
    ]


def forget_copies(routing: RoutingTable | None, copies: Iterable[tuple[str, str]]) -> bool:
    """Ask each delivery's connector to remove its own-side copy; True if one was removed.

    Only connectors that keep copies on our side (:class:`~pipeline.ports.KeepsCopies`, the
    folder outbox) are asked; what was sent to a provider's system is the provider's.
    """
    if routing is None:
        return False
    forgot = False
    for route_name, location in copies:
        try:
            connector = routing.route(route_name).build()
        except KeyError:  # the route is gone from the routing file: nothing to ask
            log.warning("route %r no longer configured; its copy stays", route_name)
            continue
        if isinstance(connector, KeepsCopies):
            forgot = connector.forget(location) or forgot
    return forgot


def withdraw_copies(
    session_factory: sessionmaker[Session],
    routing: RoutingTable | None,
    document_id: str,
    copies: list[tuple[str, str]],
) -> None:
    """Remove own-side copies of deliveries that are history now (a returned round, a copy that
    arrived after its delivery was withdrawn), but none that a current delivery has written
    since (a re-send to the same provider writes to the same place). Called after the commit
    that made them history, so it never fails its caller: if removing fails (the disk, the
    database), the copy stays until retention removes it."""
    if not copies:
        return
    try:
        with session_scope(session_factory) as s:
            in_use = {loc for _, loc in copies_of(current_of(deliveries_of(s, document_id)))}
        if forget_copies(routing, [c for c in copies if c[1] not in in_use]):
            log.info("document %s: an outbox copy of a past delivery removed", document_id)
    except Exception as e:  # what it was to do stands committed; retention is the fallback
        log.warning("document %s: outbox copy not removed (%s)", document_id, type(e).__name__)
