"""The run's machinery: helper processes and their start (`processes`), the cycle collector
kept off long-lived data (`garbage`), ending without Python's teardown (`ending`), children
that end with their parent (`lifeline`), and one run at a time per state folder (`runlock`).

It exists for speed and safety, not for any rule of the month: the month (`oneplan.month`)
and the command line use it; the stages never import it, and it imports no stage. The
stages see only `oneplan.batches.BatchMapper`, which `processes.LocalProcesses` implements.
"""
