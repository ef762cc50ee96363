"""Reporting discipline: each expected agency's deadline for a period, whether its file
came on time, late or not at all, and the rates a coordinator and the bodies above the
network read.

The rules (the guide's "Deadlines and who reported on time"):

- A period's **deadline** is the `deadline_day` of the following month, 23:59:59 in the
  configured time zone; an agency may have its own (the registry's `deadline_days`, days
  after the month's end, at 23:59:59); a period may have its own (the `period_deadlines`
  setting, for holidays), which then holds for every agency (`deadlines`).
- A file **arrived** when oneplan first saw it, or at the receipt time the coordinator
  recorded for it (`oneplan received`); its modification time never decides.
- The **status** of an expected agency and area (`status`): `on_time` or `late` by the
  arrival of its first accepted file of the period (later ones are corrections and keep
  that timeliness); with none, `pending` until the deadline and `missing` after it.
"""
