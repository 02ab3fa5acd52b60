from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from teilhabe.core.api_auth import STAFF_AUTH

from .models import User

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    name: str
    role: str
    centre_id: int | None
    district_key: str | None


@router.get("/me", response=MeOut, auth=STAFF_AUTH, summary="Who am I")
def me(request: HttpRequest) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "role": user.role,
        "centre_id": user.centre_id,
        "district_key": user.district.key if user.district else None,
    }
