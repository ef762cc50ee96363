"""The run's machinery: batches of work and who runs them (`batches`: the one interface,
`BatchMapper`), helper processes and their start (`processes`), the cycle collector kept off
long-lived data (`garbage`), ending without Python's teardown (`ending`), children that end
with their parent (`lifeline`), and one run at a time per state folder (`runlock`).

It exists for speed and safety, not for any rule of the month. The month (`oneplan.month`),
the backup, the command line and the flows use it; the stages never import it, and it
imports no stage: a stage's batch work is a plain function that the month hands to a
`BatchMapper`. The package's own `__init__` starts `lifeline` for processes that `serve`
starts through Prefect (see `oneplan.runtime.lifeline`).
"""
