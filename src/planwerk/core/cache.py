"""The database cache, fit for counting: the default cache where no Redis is set."""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends import db
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class DatabaseCache(db.DatabaseCache):
    """Django's database cache whose `incr` is atomic and keeps the key's expiry.

    Django's own `incr` reads, adds and writes the value back with the default
    timeout, so two app servers counting at once lose counts and a throttle's window
    moves. Here the row is locked and only its value changes.
    """

    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self.table_name = table

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table = quote(self.table_name)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "  # noqa: S608
                f"WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or self._expired(connection, row[1]):
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s "  # noqa: S608
                f"WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return value

    @staticmethod
    def _expired(connection: Any, expires: Any) -> bool:
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        for converter in converters:
            expires = converter(expires, expression, connection)
        return bool(expires < now())
