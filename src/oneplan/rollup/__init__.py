"""Roll-ups: the figures of the areas added up the hierarchy, per district, per province
and for the whole network (`oneplan.check.hierarchy` places each area).

Every figure is a sum of the areas' figures, or a ratio of such sums, or read off the areas'
own ratios (the spread of coverage); none is computed from the lines again. Money stays
in whole satang. `roll_up` is the stage; `levels` the frame work; `attention` what a
province or district should look at first.
"""

from oneplan.rollup.levels import LEVELS, Rollups, roll_up

__all__ = ["LEVELS", "Rollups", "roll_up"]
