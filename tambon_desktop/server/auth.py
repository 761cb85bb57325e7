"""Users, device enrolment and bearer tokens. Passwords are argon2id hashes; tokens are random
and only their SHA-256 is stored, so a copy of the database cannot be used to sign in."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, delete, select

from tambon_desktop.core.clock import utc_now_iso
from tambon_desktop.protocol import signing
from tambon_desktop.protocol.messages import ROLES, login_message
from tambon_desktop.server import audit, scope
from tambon_desktop.server.tables import Device, DeviceToken, LoginFailure, User

_hasher = PasswordHasher()  # argon2id, library defaults (RFC 9106 low-memory profile)
_DUMMY_HASH = _hasher.hash("not a password")

TOKEN_TTL_SECONDS = 90 * 24 * 3600
FREE_FAILURES = 3  # failed logins allowed before we start slowing a name down
FREE_FAILURES_PER_ADDRESS = 5  # ... and a client address (each failure costs an argon2id)
MAX_DELAY_SECONDS = 300
CHALLENGE_TTL_SECONDS = 300
LOGIN_THREADS = 6  # logins running at once (of the 40 worker threads); the rest wait their turn
_HASHING = threading.BoundedSemaphore(1)  # argon2id: 64 MB and 4 lanes (every core) each


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


MIN_PASSWORD = 10
_COMMON = {"password", "passw0rd", "123456789", "1234567890", "qwertyuiop", "admin12345",
           "password1", "password12", "iloveyou12", "1q2w3e4r5t", "qwerty1234", "tambon1234",
           "administrator", "changeme12", "welcome123"}
_NAME_MARKS = set("._-@")


def normalise_name(name: str) -> str:
    """A user name as stored and looked up: NFKC (full-width and compatibility forms folded),
    trimmed. Login normalises the same way."""
    return unicodedata.normalize("NFKC", name).strip()


def check_name(name: str) -> str:
    """The normalised name, or ValueError: 1-64 characters, letters of one script only (Latin
    or Thai: a Cyrillic 'А' among Latin letters is a look-alike of another name), digits and
    . _ - @."""
    name = normalise_name(name)
    if not 1 <= len(name) <= 64:
        raise ValueError("user name must be 1-64 characters")
    scripts = set()
    for ch in name:
        if ch.isdigit() and ch.isascii() or ch in _NAME_MARKS:
            continue
        if ch.isascii() and ch.isalpha():
            scripts.add("Latin")
        elif "\u0e01" <= ch <= "\u0e5b" and not ch.isdigit():
            scripts.add("Thai")
        else:
            label = unicodedata.name(ch, f"U+{ord(ch):04X}")
            raise ValueError(f"user name may not contain {label} ({ch!r}): use Latin or Thai "
                             "letters, digits and . _ - @ (look-alike letters are refused)")
    if len(scripts) > 1:
        raise ValueError("user name mixes Latin and Thai letters; use one script")
    return name


def check_password(password: str, *, name: str = "") -> None:
    """ValueError unless the password is at least MIN_PASSWORD characters, not all digits, not
    one or two repeated characters, not a common password and not the user name."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password must be at least {MIN_PASSWORD} characters")
    if password.isdigit():
        raise ValueError("password must not be only digits")
    if len(set(password)) <= 2:
        raise ValueError("password must not be one or two repeated characters")
    if password.lower() in _COMMON:
        raise ValueError("password is too common")
    if name and name.lower() in password.lower():
        raise ValueError("password must not contain the user name")


def check_district(code: str | None) -> str:
    """A real 4-digit DOPA district code (geothai), or ValueError."""
    from tambon_desktop.core import geo

    if not (code and code.isdigit() and len(code) == 4):
        raise ValueError("--district must be a 4-digit DOPA district code")
    if geo.name_of(code) is None:
        raise ValueError(f"district {code} does not exist (no such DOPA district code)")
    return code


def check_province(code: str | None) -> str:
    from tambon_desktop.core import geo

    if not (code and code.isdigit() and len(code) == 2):
        raise ValueError("a province officer needs --province CODE (2 digits)")
    if geo.name_of(code) is None:
        raise ValueError(f"province {code} does not exist (no such DOPA province code)")
    return code


def add_user(
    session: Session, *, name: str, password: str, role: str, district: str | None,
    province: str | None, actor: str, scope_codes: list[str] | None = None,
) -> User:
    """`scope_codes`: a region officer's provinces and districts (server.scope.parse_codes)."""
    role = normalise_role(role)
    name = check_name(name)
    check_password(password, name=name)
    if role == scope.REGION_ROLE:
        if not scope_codes:
            raise ValueError("a region officer needs --provinces CODE,CODE,... "
                             "and/or --districts CODE,...")
        district = province = None
    elif scope_codes:
        raise ValueError("--provinces/--districts are for a region officer only")
    elif role == "province_officer":
        province = check_province(province or (district[:2] if district else None))
        district = None
    elif role != "admin":
        district = check_district(district)
        province = district[:2]
    if session.exec(select(User).where(User.name == name)).first():
        raise ValueError(f"user {name!r} already exists")
    user = User(
        name=name, password_hash=hash_password(password), role=role, district=district,
        province=province, created_at=utc_now_iso(),
    )
    session.add(user)
    if role == scope.REGION_ROLE:
        session.flush()  # the user's id, for its scope rows
        scope.set_codes(session, user, scope_codes or [])
    audit.record(session, actor=actor, action="user.add", district=district, target=name,
                 detail={"role": role, "province": province, "scope": scope_codes or []})
    return user


def _user(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.name == normalise_name(name))).first()
    if user is None:
        raise ValueError(f"no user {name!r}")
    return user


def _revoke_user_tokens(session: Session, user: User) -> None:
    for device in session.exec(select(Device).where(Device.user_id == user.id)):
        _revoke_tokens(session, device_id=device.id)
    for token in session.exec(select(DeviceToken).where(DeviceToken.user_id == user.id)):
        token.revoked = True  # tokens of theirs on devices enrolled for someone else since
        session.add(token)


def enable_user(session: Session, *, name: str, actor: str) -> User:
    user = _user(session, name)
    user.disabled = False
    session.add(user)
    session.execute(delete(LoginFailure).where(LoginFailure.name == user.name))
    audit.record(session, actor=actor, action="user.enable", district=user.district,
                 target=user.name)
    return user


def reset_password(session: Session, *, name: str, password: str, actor: str) -> User:
    """A new password; every token of the user is revoked (their PCs sign in again)."""
    user = _user(session, name)
    check_password(password, name=user.name)
    user.password_hash = hash_password(password)
    session.add(user)
    _revoke_user_tokens(session, user)
    session.execute(delete(LoginFailure).where(LoginFailure.name == user.name))
    audit.record(session, actor=actor, action="user.password", district=user.district,
                 target=user.name)
    return user


def set_role(session: Session, *, name: str, role: str, actor: str,
             scope_codes: list[str] | None = None, province: str | None = None) -> User:
    """Change a user's role within their kind of scope: district roles keep the district; a
    province officer and a region officer may become each other (a region officer's new
    `scope_codes`, or its one province; a province officer's `province`, or the region's only
    province). The server checks every op and pull against the user as they are now, so it
    applies at once; the user's devices follow."""
    user = _user(session, name)
    role = normalise_role(role)
    district_roles = set(ROLES) - {"province_officer", scope.REGION_ROLE, "admin"}
    if (role in district_roles) != (user.role in district_roles) or role == "admin" \
            or user.role == "admin":
        raise ValueError(f"cannot change {user.role} to {role} (another scope): add a new user")
    if (scope_codes or province) and role in district_roles:
        raise ValueError("--provinces/--districts/--province are for province and region "
                         "officers only")
    old, old_codes = user.role, scope.codes_of(session, user.id)
    if role == scope.REGION_ROLE:
        codes = scope_codes or old_codes or ([user.province] if user.province else [])
        if not codes:
            raise ValueError("a region officer needs --provinces and/or --districts")
        scope.set_codes(session, user, codes)
        user.province = None
    elif role == "province_officer":
        if scope_codes:
            raise ValueError("a province officer takes --province CODE, not a list")
        provinces = [c for c in old_codes if len(c) == 2]
        if province is None and user.province is None:
            if len(provinces) != 1 or len(old_codes) != 1:
                raise ValueError(f"give --province: the region's scope "
                                 f"({','.join(old_codes)}) is not one province")
            province = provinces[0]
        user.province = check_province(province or user.province)
        scope.set_codes(session, user, [])
    user.role = role
    session.add(user)
    for device in session.exec(select(Device).where(Device.user_id == user.id)):
        device.role, device.province = role, user.province
        session.add(device)
    audit.record(session, actor=actor, action="user.role", district=user.district,
                 target=user.name, detail={"from": old, "to": role,
                                           "scope": scope.codes_of(session, user.id)})
    return user


def reassign_device(session: Session, *, device_id: str, name: str, actor: str) -> Device:
    """Bind an enrolled device to another user of its district (the only way a device changes
    hands): the old user's tokens on it are revoked; the new user then signs in on it."""
    device = session.get(Device, device_id)
    if device is None:
        raise ValueError(f"no device {device_id!r}")
    user = _user(session, name)
    if user.district != device.district or user.province != device.province:
        raise ValueError(f"user {user.name} is not of the device's district "
                         f"({device.district or device.province})")
    previous = device.user_id
    device.user_id, device.role = user.id, user.role
    session.add(device)
    _revoke_tokens(session, device_id=device.id)
    audit.record(session, actor=actor, action="device.reassign", district=device.district,
                 target=device.id, detail={"from_user_id": previous, "to": user.name})
    return device


def disable_user(session: Session, *, name: str, actor: str) -> User:
    user = _user(session, name)
    user.disabled = True
    session.add(user)
    _revoke_user_tokens(session, user)
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


# -- the login challenge: stateless, HMAC-signed with a secret derived from the server key --

def challenge_secret(signing_private_hex: str) -> bytes:
    return hashlib.sha256(b"tambon-login-challenge/1" + bytes.fromhex(signing_private_hex)).digest()


def make_challenge(secret: bytes, *, now: float | None = None) -> str:
    stamp = f"{int(now if now is not None else time.time())}.{secrets.token_urlsafe(18)}"
    return f"{stamp}.{_mac(secret, stamp)}"


def _mac(secret: bytes, stamp: str) -> str:
    return hmac.new(secret, stamp.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def challenge_fresh(secret: bytes, challenge: str, *, now: float) -> bool:
    stamp, _, mac = challenge.rpartition(".")
    issued = stamp.split(".", 1)[0]
    if not (stamp and issued.isdigit() and len(issued) <= 12):
        return False
    return hmac.compare_digest(mac, _mac(secret, stamp)) and \
        now - CHALLENGE_TTL_SECONDS <= int(issued) <= now + 5


# -- throttling: failures per user name and per client address, a delay that doubles -------

def _until(failure: LoginFailure | None, free: int) -> float:
    """When the next login for this name or address may try (0: now)."""
    if failure is None or failure.failures < free:
        return 0.0
    return failure.last_failed_at + min(2 ** (failure.failures - free), MAX_DELAY_SECONDS)


def _throttle(session: Session, key: str, now: float, *, free: int) -> None:
    failure = session.get(LoginFailure, key, populate_existing=True)  # the count as it is now
    until = _until(failure, free)
    if key.startswith("addr:"):
        _BLOCKED[key] = until
    if until > now:
        wait = int(until - now) + 1
        raise AuthError(429, f"too many failed logins; try again in {wait} s", retry_after=wait)


def _count_failure(session: Session, key: str, now: float) -> None:
    failure = session.get(LoginFailure, key, with_for_update=True) or LoginFailure(name=key)
    failure.failures += 1
    failure.last_failed_at = now
    session.add(failure)
    if key.startswith("addr:"):
        _BLOCKED[key] = _until(failure, FREE_FAILURES_PER_ADDRESS)


# In memory, per server process: client addresses slowed down, and the devices enrolled here
# (id -> public key). A slowed address is answered 429 before any work — unless the login
# names a device enrolled with that key, which goes on to prove its key (never locked out).
_BLOCKED: dict[str, float] = {}
_KNOWN_DEVICES: dict[str, str] = {}


def load_known_devices(session: Session) -> None:
    _KNOWN_DEVICES.update({d.id: d.public_key for d in session.exec(select(Device))})


def blocked(address: str, *, device_id: str, public_key: str) -> int:
    """Seconds an address must wait before a login may try (0: go on)."""
    until = _BLOCKED.get(f"addr:{address or '-'}"[:64], 0.0)
    wait = until - time.time()
    if wait <= 0 or _KNOWN_DEVICES.get(device_id) == public_key:
        return 0
    return int(wait) + 1


def _check_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass
class Enrolment:
    device: Device
    user: User
    token: str
    expires_at: float


def login(
    session: Session, *, reader: Session | None = None, name: str, password: str,
    device_id: str, device_name: str,
    public_key: str, challenge: str = "", proof: str = "", address: str = "",
    secret: bytes = b"", ttl: float = TOKEN_TTL_SECONDS,
) -> Enrolment:
    """Check the device key proof and the password, then enrol (or re-enrol) the device;
    returns a fresh token. The password hash is checked with no transaction open (argon2id
    takes ~0.1 s: inside a write transaction it would hold every other writer). Failures
    count per user name and per client address, each with a delay that doubles; a login
    from the user's own enrolled device (proved by its key) is never slowed by them.

    The caller commits even when this raises, so failures are counted."""
    now = time.time()
    if not (challenge and proof and secret):
        raise AuthError(401, "login must prove the device key (challenge and proof); "
                             "update the program")
    if not challenge_fresh(secret, challenge, now=now):
        raise AuthError(401, "the login challenge is unknown or expired; ask for a new one")
    if not signing.verify(public_key, login_message(challenge=challenge, user=name,
                                                    device_id=device_id, public_key=public_key),
                          proof):
        raise AuthError(401, "the proof does not verify with the device key given")
    name = normalise_name(name)
    reader = reader or session  # look-ups: on SQLite a reader never takes the write lock
    user = reader.exec(select(User).where(User.name == name)).first()
    device = reader.get(Device, device_id)
    own_device = (user is not None and device is not None and device.user_id == user.id
                  and device.public_key == public_key and not device.revoked_at)
    address_key = f"addr:{address or '-'}"[:64]

    def throttle() -> None:
        if not own_device:
            _throttle(reader, address_key, time.time(), free=FREE_FAILURES_PER_ADDRESS)
            if user is not None:
                _throttle(reader, name, time.time(), free=FREE_FAILURES)
        reader.commit()

    throttle()  # a throttled caller is answered at once, without queueing below
    stored = user.password_hash if user else _DUMMY_HASH
    # check again, hash and count as one step, a few at a time: a burst of logins queues
    # here, and the ones after a failure see it counted; the user's own device does not queue
    with contextlib.nullcontext() if own_device else _HASHING:
        throttle()
        now = time.time()
        session.commit()  # no transaction (no SQLite write lock) while hashing
        ok = _check_password(stored, password) and user is not None
        if not ok or user is None or user.disabled:
            _count_failure(session, address_key, now)
            if user is not None:  # unknown names leave no row behind (no table to flood)
                _count_failure(session, name, now)
            audit.record(session, actor=f"user:{name[:60]}", action="login.failed",
                         target=device_id, detail={"address": address[:64]})
            session.commit()
            raise AuthError(401, "wrong user name or password, or the user is disabled")
    failure = session.get(LoginFailure, name)
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
    elif device.user_id != user.id and user.role != "admin":
        raise AuthError(409, "this device is enrolled for another user; only that user or an "
                             "administrator may sign in on it")
    elif device.district != user.district or device.province != user.province:
        raise AuthError(409, "this device is enrolled for another district")
    else:
        device.user_id, device.role, device.name = user.id, user.role, device_name or device.name
    session.add(device)
    token = secrets.token_urlsafe(32)
    expires_at = now + ttl
    session.add(DeviceToken(token_hash=token_hash(token), device_id=device_id, user_id=user.id,
                            created_at=utc_now_iso(), expires_at=expires_at))
    audit.record(session, actor=f"user:{name}", action="device.enrol", district=user.district,
                 target=device_id, detail={"name": device_name})
    _KNOWN_DEVICES[device_id] = device.public_key
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
    owner = row.user_id if row.user_id is not None else device.user_id
    if owner != device.user_id:  # the device was enrolled for someone else since
        raise AuthError(401, "this token belongs to another user of this device; sign in again")
    user = session.get(User, owner)
    if user is None or user.disabled:
        raise AuthError(403, "the user of this device is disabled")
    return device
