"""The month: the stages chained for one period, and the intake of new files between runs.

`run.run_month` reads the plan and registry (`reference`), takes in and reads every file
that matters (`ingest`), reconciles, writes the outputs and records the run; `intake.take_in`
takes in new files at once and gives them feedback, and `take_in_and_refresh` re-runs the
periods they change. `batches` cuts the month's files and reports into batches for
whichever `oneplan.runtime.batches.BatchMapper` the caller gives; `period` says which files and
issues belong to a period's outputs; `send` sends a period's messages under the run lock.
"""
