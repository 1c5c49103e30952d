"""The election's pages. Views parse input, call one service, render.

Pages of the coordination (OE 50.6), which need the action "elections.manage":
`lifecycle` (the list of elections, the meeting's start, cancelling, deleting a
practice), `register` (the migrant organisations), `dashboard`, `candidacies`,
`cards` (check-in and voting cards), `rounds` (rounds, paper tally, lot seed, seats)
and `documents` (minutes, record, invitations; the record is public once final).
Public pages: `public` (candidates, voting by code, projector, result).
`shared` holds what they have in common, among it `carry_out`, the step from a form
to one service, a message and a redirect.
"""
