"""The delivery state machine: every state has an entry, illegal moves raise a typed error."""

from __future__ import annotations

import itertools

import pytest

from pipeline.errors import ConflictError, IllegalTransitionError
from pipeline.states import (
    CONFIRMED_DELIVERY,
    CURRENT_DELIVERY,
    DELIVERY_TRANSITIONS,
    HISTORY_DELIVERY,
    OPEN_DELIVERY,
    DeliveryState,
    all_confirmed,
    check_delivery_transition,
)

D = DeliveryState


def test_every_delivery_state_has_a_transition_entry() -> None:
    assert set(DELIVERY_TRANSITIONS) == set(DeliveryState)


def test_the_groups_partition_the_states() -> None:
    assert not (OPEN_DELIVERY & CONFIRMED_DELIVERY)
    assert not (CURRENT_DELIVERY & HISTORY_DELIVERY)
    assert set(DeliveryState) == CURRENT_DELIVERY | HISTORY_DELIVERY
    assert OPEN_DELIVERY | CONFIRMED_DELIVERY | {D.dead} == CURRENT_DELIVERY


def test_history_is_final() -> None:
    for s in HISTORY_DELIVERY:
        assert DELIVERY_TRANSITIONS[s] == frozenset()


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (D.returned, D.pending),  # a returned delivery is re-routed through review, never retried
        (D.withdrawn, D.sending),
        (D.delivered, D.pending),  # a confirmed delivery is never sent again
        (D.acknowledged, D.delivered),
        (D.pending, D.returned),  # only what arrived can be returned
        (D.dead, D.delivered),
    ],
)
def test_illegal_delivery_moves_raise_a_typed_conflict(current: D, target: D) -> None:
    with pytest.raises(IllegalTransitionError) as e:
        check_delivery_transition(current, target)
    assert isinstance(e.value, ConflictError)
    assert e.value.code == "illegal_transition"


def test_the_happy_path_and_an_operator_retry_are_allowed() -> None:
    path = [D.pending, D.sending, D.retrying, D.sending, D.dead, D.pending, D.sending]
    path += [D.delivered, D.acknowledged, D.returned]
    for a, b in itertools.pairwise(path):
        assert check_delivery_transition(a, b) == b


def test_history_never_blocks_a_document() -> None:
    assert all_confirmed([D.returned, D.acknowledged])
    assert all_confirmed([D.withdrawn, D.returned, D.delivered, D.acknowledged])
    assert not all_confirmed([D.returned])
    assert not all_confirmed([])
    assert not all_confirmed([D.delivered, D.retrying])
    assert not all_confirmed([D.delivered, D.dead])
