"""The demo's files as received by the network: the coordinator records when each came (as
`oneplan received` does), so that the demo's month says who reported on time the same way
whenever it is run, not by the moment its run first saw the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from oneplan.demo.inputs import SUBMISSIONS_DIR
from oneplan.demo.submissions import DEMO_SUBMISSIONS
from oneplan.ledger import open_ledger
from oneplan.ledger.receipts import Receipt
from oneplan.receive.files import sha256_of
from oneplan.settings import Settings

DEMO_NOTE = "ข้อมูลสาธิต"
DEMO_RECORDER = "demo"


def record_demo_receipts(settings: Settings, inputs_dir: Path) -> None:
    """A receipt of each demo submission at its story's time (its `received`)."""
    ledger = open_ledger(settings)
    recorded = dt.datetime.now(dt.UTC)
    for submission in DEMO_SUBMISSIONS:
        path = Path(inputs_dir) / SUBMISSIONS_DIR / submission.path
        receipt = Receipt(sha256_of(path), submission.received, DEMO_NOTE, DEMO_RECORDER, recorded)
        if ledger.receipt_of(receipt.sha256) is None:  # a copy's bytes: one receipt
            ledger.record_receipt(receipt)
