"""The django-import-export machinery every portal import kind shares.

What it adds to a plain ``ModelResource``:

* **No query per row.** ``prepare()`` (called from ``before_import``) loads everything the rows
  refer to into dictionaries; ``find_existing()`` and the lookup widgets read only those.
* **All or nothing.** Writes are buffered for the whole file (``batch_size = None``) and flushed
  once, after the last row, and only if no row failed; ``import_data(...,
  rollback_on_validation_errors=True)`` rolls back whatever ``prepare()`` created.
* **History.** Bulk writes go through simple-history's ``bulk_*_with_history``, so every created
  or changed row still has its historical record, with the importing user and a reason.
* **Russian, per-row reasons** — widgets raise them; ``row_checks()`` adds the checks that need
  the whole file (duplicates) or the user (scope, through schools/access.py permissions).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.utils import timezone
from import_export import resources
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

if TYPE_CHECKING:  # pragma: no cover
    from .reader import ParsedSheet

WRITE_BATCH = 500  # rows per INSERT/UPDATE statement (the database may split further)
LOOKUP_CHUNK = 500  # values per IN (...) when prefetching


def chunked(values: Iterable[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True)
class FastCounts:
    """What a column-wise import did (or, in a preview, would do)."""

    new: int
    updated: int
    unchanged: int


class NotFast(Exception):
    """A row needs the per-row path: it has a problem to report in the row's own words."""


class PortalResource(resources.ModelResource):
    #: Resource fields resolved through prefetched dictionaries: Django's ``clean_fields`` would
    #: query the database for each of them, so they are validated by their widgets instead.
    lookup_fields: ClassVar[tuple[str, ...]] = ()
    #: Fields whose widgets already enforce everything the model field's validators would
    #: (range, type); skipping Django's validators for them saves a third of a row's time.
    widget_validated: ClassVar[tuple[str, ...]] = ()
    #: Model fields written on update in addition to the file's columns (e.g. a version).
    extra_update_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        use_bulk = True
        batch_size = None  # flush once, after every row has been validated
        skip_unchanged = True  # re-importing the same file writes nothing, not even history
        report_skipped = True
        # import-export would deep-copy every instance to compare it afterwards; that copy
        # costs more than the rest of the row, so skip_row() compares with a snapshot of the
        # imported fields instead.
        skip_diff = True
        clean_model_instances = False  # see validate_instance(): no per-row queries
        use_transactions = True

    def __init__(
        self,
        *,
        user=None,
        dry_run: bool,
        create_missing: bool = False,
        change_reason: str = "",
        row_numbers: list[int] | None = None,
    ):
        super().__init__()
        self.user = user  # None: a system operation (the management command), every row allowed
        self.dry_run = dry_run
        self.create_missing = create_missing
        self.change_reason = change_reason[:100]  # the history column's length
        self.row_numbers = row_numbers or []  # dataset row → Excel row, for messages
        self.to_create: dict[str, list[str]] = {}
        self.headers: set[str] = set()
        self._perm_cache: dict[tuple[str, type, int], bool] = {}
        self._row_number = 0
        self._row_is_new = True
        self._row_denied: dict[str, str] = {}
        self._row_snapshot: list[Any] | None = None
        self._import_fields: list | None = None

    # --- To be provided by each kind ------------------------------------------------------

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        """Load (or, on confirmation, create) everything the rows refer to, in a constant
        number of queries."""

    def find_existing(self, row: dict[str, Any]) -> models.Model | None:
        raise NotImplementedError

    def existing_denied(self, instance: models.Model) -> dict[str, str]:
        """Why the user may not change this existing object: field attribute → reason."""
        return {}

    def row_checks(self, instance: models.Model, row: dict[str, Any], new: bool, row_number: int) -> dict[str, str]:
        """Checks that need the whole file or the user: field attribute → reason."""
        return {}

    def import_fast(self, parsed: ParsedSheet) -> FastCounts | None:
        """Validate and (unless a preview) write the whole sheet column by column, in a few
        queries per batch of rows, or return None to leave the sheet to the per-row path.

        A kind may provide it for the common case, a file with no problem at all: any row that
        would need a message raises NotFast (the caller returns None) and the per-row path, which
        words every problem, judges the file from the start. Writes happen in one transaction,
        with history where the model keeps it, and only when every row is valid."""
        return None

    def write_with_history(
        self, new: list[tuple[Any, ...]], columns: list[str], changed: list[models.Model], fields: list[str]
    ) -> bool:
        """The column-wise path's writes, all or nothing, with history: ``new`` rows are tuples
        of ``columns`` (every concrete column but the id), ``changed`` instances are updated in
        ``fields``. False when the database refused them (the per-row path then reports why)."""
        if self.dry_run:
            return True
        model = self._meta.model
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                if new:
                    self._insert_with_history(model, columns, new)
                if changed:
                    bulk_update_with_history(
                        changed,
                        model,
                        fields,
                        batch_size=WRITE_BATCH,
                        default_user=self.user,
                        default_change_reason=self.change_reason,
                    )
        except Exception:
            return False
        return True

    def _insert_with_history(self, model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        """Plain multi-row INSERT … RETURNING id, then the «+» history rows of the same values:
        what bulk_create_with_history writes, without building two model instances per row
        (which cost more than the database's own work)."""
        connection = connections[self.get_db_connection_name()]
        quote = connection.ops.quote_name
        history = model.history.model  # type: ignore[attr-defined]  # simple-history's manager
        pk = model._meta.pk.column  # type: ignore[union-attr]  # every portal model has an id
        extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
        expected = {pk, *columns, *extra, history._meta.pk.column}
        if {f.column for f in history._meta.concrete_fields} != expected:
            raise ValueError(f"unexpected history columns of {model._meta.label}")  # a test catches it
        stamp = (
            connection.ops.adapt_datetimefield_value(timezone.now()),
            self.change_reason or None,
            "+",
            self.user.pk if self.user is not None else None,
        )
        insert = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
        record = (
            f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(map(quote, [pk, *columns, *extra]))}) VALUES "
        )
        with connection.cursor() as cursor:
            for chunk in chunked(rows, WRITE_BATCH):
                one = "(" + ", ".join(["%s"] * len(columns)) + ")"
                cursor.execute(
                    insert + ", ".join([one] * len(chunk)) + f" RETURNING {quote(pk)}",
                    [value for row in chunk for value in row],
                )
                ids = [found[0] for found in cursor.fetchall()]
                one = "(" + ", ".join(["%s"] * (len(columns) + 1 + len(extra))) + ")"
                cursor.execute(
                    record + ", ".join([one] * len(chunk)),
                    [value for id_, row in zip(ids, chunk, strict=True) for value in (id_, *row, *stamp)],
                )

    # --- Helpers --------------------------------------------------------------------------

    def allowed(self, perm: str, obj: models.Model) -> bool:
        if self.user is None:
            return True
        if obj.pk is None:
            return self.user.has_perm(perm, obj)
        key = (perm, type(obj), obj.pk)
        if key not in self._perm_cache:
            self._perm_cache[key] = self.user.has_perm(perm, obj)
        return self._perm_cache[key]

    def excel_row(self, row_number: int) -> int:
        """The Excel row of a dataset row (1-based), for "already in row N" messages."""
        if 0 < row_number <= len(self.row_numbers):
            return self.row_numbers[row_number - 1]
        return row_number

    def column_of(self, attribute: str) -> str | None:
        """The column key of a field attribute, as named in the kind's column spec."""
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return None

    def update_fields(self) -> list[str]:
        ids = set(self.get_import_id_fields())
        present = [
            name for name, f in self.fields.items() if name not in ids and f.column_name in self.headers and f.attribute
        ]
        return present + list(self.extra_update_fields)

    # --- import-export hooks --------------------------------------------------------------

    def get_import_fields(self):
        # Asked twice per row by import-export; the answer never changes within an import.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def _values(self, instance) -> list[Any]:
        return [field.get_value(instance) for field in self.get_import_fields() if field.column_name in self.headers]

    def before_import(self, dataset, **kwargs):
        self.headers = set(dataset.headers or ())
        self.prepare(dataset.dict)

    def get_instance(self, instance_loader, row):
        return self.find_existing(row)

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number", 0)

    def after_init_instance(self, instance, new, row, **kwargs):
        # Checked before the row changes the object: moving a school out of a municipality
        # needs the right over where it is now, not only over where it goes.
        self._row_is_new = new
        self._row_denied = {} if new else self.existing_denied(instance)
        self._row_snapshot = None if new else self._values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: an existing object whose imported fields all equal what is stored."""
        if not self._meta.skip_unchanged or import_validation_errors or self._row_is_new:
            return False
        return self._values(instance) == self._row_snapshot

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        checks = {
            **self.row_checks(instance, row, self._row_is_new, self._row_number),
            **self._row_denied,
        }
        for attribute, reason in checks.items():
            errors.setdefault(attribute, []).append(ValidationError(reason))
        if errors:
            # A row with errors is never "unchanged": skip_row() sees them and reports it.
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Model.full_clean() would query per row (foreign keys, unique and check constraints).
        # Field validators and the model's own clean() catch the same mistakes in memory;
        # uniqueness is guaranteed by matching existing rows and by the duplicate check.
        errors = dict(import_validation_errors or {})
        try:
            instance.clean_fields(exclude=set(errors) | set(self.lookup_fields) | set(self.widget_validated))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # The row is invalid if anything failed, so it is never saved: blank the failed fields
        # so that clean() judges only the values the row really has (a factor above a total
        # that failed to parse must not be compared with the total stored before).
        concrete = {f.name for f in instance._meta.concrete_fields if not f.is_relation}
        for name in set(errors) & concrete:
            setattr(instance, name, None)
        try:
            instance.clean()
        except ValidationError as exc:
            for name, messages in exc.update_error_dict({}).items():
                if name not in errors:
                    errors[name] = messages
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._flush(self.create_instances, result, raise_errors, create=True)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._flush(self.update_instances, result, raise_errors, create=False)

    def bulk_delete(self, using_transactions, dry_run, raise_errors, result=None):
        self.delete_instances.clear()  # imports never delete

    def after_import(self, dataset, result, **kwargs):
        # ModelResource resets id sequences here; ids are never taken from a file, so the
        # sequences are right already.
        pass

    def _flush(self, instances: list, result, raise_errors: bool, *, create: bool) -> None:
        failed = result is not None and (result.has_errors() or result.has_validation_errors())
        try:
            if instances and not self.dry_run and not failed:
                model = self._meta.model
                # A savepoint: a failed statement must not leave the outer transaction unusable
                # on PostgreSQL before the failure is recorded and everything rolled back.
                with transaction.atomic(using=self.get_db_connection_name()):
                    if create:
                        bulk_create_with_history(
                            instances,
                            model,
                            batch_size=WRITE_BATCH,
                            default_user=self.user,
                            default_change_reason=self.change_reason,
                        )
                    else:
                        bulk_update_with_history(
                            instances,
                            model,
                            self.update_fields(),
                            batch_size=WRITE_BATCH,
                            default_user=self.user,
                            default_change_reason=self.change_reason,
                        )
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            instances.clear()


class KeyedRowsResource(PortalResource):
    """A kind whose rows find their existing record by a key (``row_key``, ``existing`` filled by
    the kind before the rows) and whose checks read a row's own values only: a cell whose widget
    failed has already said why, so it reads as None (``value_of``) instead of a second message."""

    existing: dict
    duplicate_of: dict[int, int]  # row number → the earlier row with the same key

    def mark_duplicates(self, rows: list[dict[str, Any]]) -> None:
        """Rows whose key an earlier row of the file already has (reported by the kind's checks)."""
        first: dict[tuple, int] = {}
        for number, row in enumerate(rows, start=1):
            key = self.row_key(row)
            if key is not None:
                found = first.setdefault(key, number)
                if found != number:
                    self.duplicate_of[number] = found

    def row_key(self, row: dict[str, Any]) -> tuple | None:
        """The identity of a row, or None when a part of it cannot be read (the widgets report why)."""
        raise NotImplementedError

    def find_existing(self, row: dict[str, Any]) -> models.Model | None:
        key = self.row_key(row)
        return None if key is None else self.existing.get(key)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self._row_failed: set[str] = set()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except ValueError:
            self._row_failed.add(field.attribute)
            raise

    def value_of(self, instance: models.Model, attribute: str) -> Any:
        """The row's own value of a field: None when its cell failed (the widget already said
        why) or when the field is not in the file."""
        if attribute in self._row_failed or self.column_of(attribute) not in self.headers:
            return None
        return getattr(instance, attribute, None)
