from __future__ import annotations

import itertools

import pytest

from pipeline.errors import ConflictError
from pipeline.states import FINAL, PENDING, TRANSITIONS, DocState, check_transition


def test_every_state_has_a_transition_entry() -> None:
    assert set(TRANSITIONS) == set(DocState)


def test_happy_path_is_allowed() -> None:
    path = [DocState.received, DocState.ocr_done, DocState.classified, DocState.delivered]
    for a, b in itertools.pairwise(path):
        assert check_transition(a, b) == b


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (DocState.rejected, DocState.received),
        (DocState.received, DocState.delivered),
        (DocState.needs_review, DocState.delivered),
        (DocState.ocr_done, DocState.received),
    ],
)
def test_illegal_moves_are_refused(current: DocState, target: DocState) -> None:
    with pytest.raises(ConflictError):
        check_transition(current, target)


def test_pending_and_final_do_not_overlap() -> None:
    assert not (PENDING & FINAL)
    assert set(DocState) == PENDING | FINAL
