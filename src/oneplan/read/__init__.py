"""Reading workbooks: open them, find their sheets, their header row and their table rows.

Reading turns cells into raw values with their places; parsing values into types and
checking them is `oneplan.check`'s work.
"""
