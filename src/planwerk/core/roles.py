"""The roles an account can be given (RoleAssignment.role). What each role may do is
the table in core/permissions.py."""

COORDINATOR = "coordinator"
DEZERNAT = "dezernat"
