"""The cycle collector set aside from what exists when a stage starts, and back after."""

from __future__ import annotations

import gc

from oneplan.heap import collecting_only_new_objects


def test_objects_made_before_the_block_are_set_aside_only_during_it():
    long_lived = [[n] for n in range(1000)]
    with collecting_only_new_objects():
        assert gc.get_freeze_count() >= len(long_lived)
        cycle: list = []
        cycle.append(cycle)  # cyclic garbage made inside is still collected
        del cycle
        assert gc.collect() >= 1
    assert gc.get_freeze_count() == 0
