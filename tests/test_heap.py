"""The cycle collector set aside from what exists when a stage starts, and back after."""

from __future__ import annotations

import gc

from oneplan.runtime.garbage import collecting_only_new_objects


def test_objects_made_before_the_block_are_set_aside_only_during_it():
    long_lived = [[n] for n in range(1000)]
    with collecting_only_new_objects():
        assert gc.get_freeze_count() >= len(long_lived)
        cycle: list = []
        cycle.append(cycle)  # cyclic garbage made inside is still collected
        del cycle
        assert gc.collect() >= 1
    assert gc.get_freeze_count() == 0


def test_a_block_within_a_block_leaves_the_outer_ones_objects_set_aside():
    outer_data = [[n] for n in range(1000)]
    with collecting_only_new_objects():
        with collecting_only_new_objects():
            inner_data = [[n] for n in range(1000)]
        assert gc.get_freeze_count() >= len(outer_data) + len(inner_data)
    assert gc.get_freeze_count() == 0


def test_no_automatic_collection_within_a_pause_and_as_before_after_it():
    from oneplan.runtime.garbage import collecting_nothing

    assert gc.isenabled()
    with collecting_nothing():
        assert not gc.isenabled()
        with collecting_nothing():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with collecting_nothing():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
