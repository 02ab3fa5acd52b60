"""Bounded parameter types of /api/v1 (issue 16): an integer in a path or query answers 422
`out_of_range` instead of overflowing the database ("?centre=68302936379461454033584128",
"?page=9223372036854775808" were 500s), checked by pydantic before the view runs.

The OpenAPI schema states the same bounds (`minimum`, `maximum`), so a client, and schemathesis,
knows which values are valid: "?page_size=0" is outside the schema, not a surprise 422."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as date_type
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

# A row id fits a signed 64-bit integer (BigAutoField; SQLite's and PostgreSQL's bigint).
ID_MIN, ID_MAX = -(2**63), 2**63 - 1
YEAR_MIN, YEAR_MAX = 1, 9999
# 50 rows a page: a million pages are 50 million rows, more than the API will ever list.
PAGE_MAX = 1_000_000
PAGE_SIZE_MAX = 100


@dataclass(frozen=True)
class Between:
    """An integer within low..high: refused as `out_of_range` (our code, not pydantic's
    `greater_than_equal`), and documented as `minimum`/`maximum` in the schema."""

    low: int
    high: int

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "minimum": self.low, "maximum": self.high}

    def _check(self, value: int) -> int:
        if not self.low <= value <= self.high:
            raise PydanticCustomError(
                "out_of_range",
                "Enter a value between {min} and {max}.",
                {"min": self.low, "max": self.high},
            )
        return value


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value: Any) -> Any:
    """Only YYYY-MM-DD is a date here: pydantic alone would read "0" or 1700000000 as a Unix
    time, which no client means."""
    if isinstance(value, date_type):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Enter a date as YYYY-MM-DD.")
    return value


# A calendar date written YYYY-MM-DD (`invalid_date` otherwise), documented as format "date".
IsoDate = Annotated[date_type, BeforeValidator(_iso_date_text)]

Id = Annotated[int, Between(ID_MIN, ID_MAX)]
Year = Annotated[int, Between(YEAR_MIN, YEAR_MAX)]
PageNumber = Annotated[int, Between(1, PAGE_MAX)]
PageSize = Annotated[int, Between(1, PAGE_SIZE_MAX)]


class Pagination(PageNumberPagination):
    """ninja's page numbers, bounded: the offset (page - 1) x size always fits the database."""

    class Input(Schema):
        page: PageNumber = Field(1)
        page_size: PageSize | None = Field(None)
