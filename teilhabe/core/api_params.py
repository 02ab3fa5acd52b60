"""Bounded parameter types of /api/v1 (issue 16): an integer in a path or query answers 422
`out_of_range` instead of overflowing the database ("?centre=68302936379461454033584128",
"?page=9223372036854775808" were 500s), checked by pydantic before the view runs."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# A row id fits a signed 64-bit integer (BigAutoField; SQLite's and PostgreSQL's bigint).
ID_MIN, ID_MAX = -(2**63), 2**63 - 1
YEAR_MIN, YEAR_MAX = 1, 9999
# 50 rows a page: a million pages are 50 million rows, more than the API will ever list.
PAGE_MAX = 1_000_000
PAGE_SIZE_MAX = 100


def _between(low: int, high: int) -> Any:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise PydanticCustomError(
                "out_of_range",
                "Enter a value between {min} and {max}.",
                {"min": low, "max": high},
            )
        return value

    return AfterValidator(check)


Id = Annotated[int, _between(ID_MIN, ID_MAX)]
Year = Annotated[int, _between(YEAR_MIN, YEAR_MAX)]
PageNumber = Annotated[int, _between(1, PAGE_MAX)]
PageSize = Annotated[int, _between(1, PAGE_SIZE_MAX)]


class Pagination(PageNumberPagination):
    """ninja's page numbers, bounded: the offset (page - 1) x size always fits the database."""

    class Input(Schema):
        page: PageNumber = Field(1)
        page_size: PageSize | None = Field(None)
