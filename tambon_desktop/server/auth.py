"""Users, device enrolment and bearer tokens. Passwords are argon2id hashes; tokens are random
and only their SHA-256 is stored, so a copy of the database cannot be used to sign in."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol.messages import ROLES
from tambon_desktop.server import audit
from tambon_desktop.server.tables import Device, DeviceToken, LoginFailure, User

_hasher = PasswordHasher()  # argon2id, library defaults (RFC 9106 low-memory profile)
_DUMMY_HASH = _hasher.hash("not a password")

TOKEN_TTL_SECONDS = 90 * 24 * 3600
FREE_FAILURES = 3  # failed logins allowed before we start slowing a name down
MAX_DELAY_SECONDS = 300


class AuthError(Exception):
    def __init__(self, status: int, detail: str, retry_after: int | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.retry_after = retry_after


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def normalise_role(role: str) -> str:
    role = role.strip().lower().replace("-", "_").replace(" ", "_")
    if role == "chief":
        role = "district_chief"
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role


def add_user(
    session: Session, *, name: str, password: str, role: str, district: str | None,
    province: str | None, actor: str,
) -> User:
    role = normalise_role(role)
    if not name or len(name) > 64 or not name.isprintable() or " " in name:
        raise ValueError("user name must be 1-64 printable characters without spaces")
    if len(password) < 8:
        raise ValueError("password must be at least 8 characters")
    if role == "province_officer":
        province = province or (district[:2] if district else None)
        if not (province and province.isdigit() and len(province) == 2):
            raise ValueError("a province officer needs --province CODE (2 digits)")
        district = None
    elif role != "admin":
        if not (district and district.isdigit() and len(district) == 4):
            raise ValueError("--district must be a 4-digit DOPA district code")
        province = district[:2]
    if session.exec(select(User).where(User.name == name)).first():
        raise ValueError(f"user {name!r} already exists")
    user = User(
        name=name, password_hash=hash_password(password), role=role, district=district,
        province=province, created_at=utc_now_iso(),
    )
    session.add(user)
    audit.record(session, actor=actor, action="user.add", district=district, target=name,
                 detail={"role": role, "province": province})
    return user


def disable_user(session: Session, *, name: str, actor: str) -> User:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None:
        raise ValueError(f"no user {name!r}")
    user.disabled = True
    session.add(user)
    for device in session.exec(select(Device).where(Device.user_id == user.id)):
        _revoke_tokens(session, device_id=device.id)
    audit.record(session, actor=actor, action="user.disable", district=user.district, target=name)
    return user


def revoke_device(session: Session, *, device_id: str, actor: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise ValueError(f"no device {device_id!r}")
    device.revoked_at = device.revoked_at or utc_now_iso()
    session.add(device)
    _revoke_tokens(session, device_id=device_id)
    audit.record(session, actor=actor, action="device.revoke", district=device.district,
                 target=device_id)
    return device


def _revoke_tokens(session: Session, *, device_id: str) -> None:
    for token in session.exec(select(DeviceToken).where(DeviceToken.device_id == device_id)):
        token.revoked = True
        session.add(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_throttle(session: Session, name: str, now: float) -> LoginFailure | None:
    failure = session.get(LoginFailure, name)
    if failure and failure.failures >= FREE_FAILURES:
        delay = min(2 ** (failure.failures - FREE_FAILURES), MAX_DELAY_SECONDS)
        wait = failure.last_failed_at + delay - now
        if wait > 0:
            raise AuthError(429, f"too many failed logins; try again in {int(wait) + 1} s",
                            retry_after=int(wait) + 1)
    return failure


@dataclass
class Enrolment:
    device: Device
    user: User
    token: str
    expires_at: float


def login(
    session: Session, *, name: str, password: str, device_id: str, device_name: str,
    public_key: str, ttl: float = TOKEN_TTL_SECONDS,
) -> Enrolment:
    """Check the password and enrol (or re-enrol) the device; returns a fresh token.

    The caller commits even when this raises, so failures are counted."""
    now = time.time()
    failure = _check_throttle(session, name, now)
    user = session.exec(select(User).where(User.name == name)).first()
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and bool(user)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or user.disabled:
        failure = failure or LoginFailure(name=name)
        failure.failures += 1
        failure.last_failed_at = now
        session.add(failure)
        audit.record(session, actor=f"user:{name}", action="login.failed", target=device_id)
        raise AuthError(401, "wrong user name or password, or the user is disabled")
    if failure:
        session.delete(failure)
    device = session.get(Device, device_id)
    if device is None:
        device = Device(
            id=device_id, user_id=user.id, name=device_name, district=user.district,
            province=user.province, role=user.role, public_key=public_key,
            created_at=utc_now_iso(),
        )
    elif device.revoked_at:
        raise AuthError(403, "this device has been revoked; ask the administrator")
    elif device.public_key != public_key:
        raise AuthError(409, "this device id is enrolled with another key")
    elif device.district != user.district or device.province != user.province:
        raise AuthError(409, "this device is enrolled for another district")
    else:
        device.user_id, device.role, device.name = user.id, user.role, device_name or device.name
    session.add(device)
    token = secrets.token_urlsafe(32)
    expires_at = now + ttl
    session.add(DeviceToken(token_hash=token_hash(token), device_id=device_id,
                            created_at=utc_now_iso(), expires_at=expires_at))
    audit.record(session, actor=f"user:{name}", action="device.enrol", district=user.district,
                 target=device_id, detail={"name": device_name})
    return Enrolment(device=device, user=user, token=token, expires_at=expires_at)


def device_for_token(session: Session, token: str) -> Device:
    row = session.get(DeviceToken, token_hash(token))
    if row is None:
        raise AuthError(401, "unknown token; sign in again with 'tambon login'")
    if row.revoked:
        raise AuthError(401, "this token has been revoked; sign in again")
    if row.expires_at < time.time():
        raise AuthError(401, "this token has expired; sign in again with 'tambon login'")
    device = session.get(Device, row.device_id)
    if device is None or device.revoked_at:
        raise AuthError(403, "this device has been revoked; ask the administrator")
    user = session.get(User, device.user_id)
    if user is None or user.disabled:
        raise AuthError(403, "the user of this device is disabled")
    return device
