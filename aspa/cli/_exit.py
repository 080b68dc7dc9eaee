"""Leaving the process once a command's work is done, without the interpreter's teardown.

A command that has loaded the classifier (spaCy, thinc, numpy), SQLAlchemy and pydantic
leaves behind a heap of a few hundred thousand objects; at a normal exit the interpreter
takes it apart module by module: ~0.35 s of one core after ``aspa process`` has printed its
last outcome, while the person or the script that called it waits (measured on the 16 scans
of ``aspa bench --only ocr``: the last line at 7.86 s, the exit handlers done at 8.01 s, the
process gone at 8.36 s). Nothing of that teardown is work: the documents, deliveries and
ledger rows are committed, the files written and closed, the output printed.

:func:`leave` does what a normal exit does that matters (waits for the threads that are not
daemons, runs the ``atexit`` handlers: the OCR workers are stopped and reaped, so their CPU
time is still counted by whoever measures the command; logging is flushed; ``weakref``
finalizers such as temporary folders' run), flushes the standard streams and then ends the
process with ``os._exit``. Only :func:`aspa.cli.main` calls it, for commands that asked for
it with :func:`leave_quickly_when_done`: commands run by tests in-process (Typer's
``CliRunner``) never end the test process.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn

_asked = False


def leave_quickly_when_done() -> None:
    """This command's work is durable when it returns: end without the interpreter's teardown."""
    global _asked
    _asked = True


def asked() -> bool:
    return _asked


def leave(code: int) -> NoReturn:
    """End the process with exit status ``code`` after what a normal exit does that matters."""
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (``| head``) or stream
            stream.flush()
    os._exit(code)
