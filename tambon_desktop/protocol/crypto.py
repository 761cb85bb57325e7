"""The few primitives the protocol needs, over libsodium (PyNaCl): Ed25519 signatures,
X25519 key agreement, HKDF-SHA256 and ChaCha20-Poly1305 (IETF). Keys travel as raw bytes in
hex: an Ed25519 private key is its 32-byte seed, as RFC 8032 defines it."""

from __future__ import annotations

import hashlib
import hmac

from nacl import bindings
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey
from nacl.signing import SigningKey, VerifyKey


class DecryptError(Exception):
    """Wrong key, or the ciphertext or its associated data was changed."""


# -- Ed25519 -------------------------------------------------------------------------------

def ed25519_generate() -> bytes:
    return bytes(SigningKey.generate())


def ed25519_public(seed: bytes) -> bytes:
    return bytes(SigningKey(seed).verify_key)


def ed25519_sign(seed: bytes, message: bytes) -> bytes:
    return SigningKey(seed).sign(message).signature


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        VerifyKey(public).verify(message, signature)
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        return False
    return True


# -- X25519 --------------------------------------------------------------------------------

def x25519_generate() -> tuple[bytes, bytes]:
    key = PrivateKey.generate()
    return bytes(key), bytes(key.public_key)


def x25519_from_ed25519_public(public: bytes) -> bytes:
    """The X25519 public key of an Ed25519 one (RFC 7748 birational map, as libsodium and age's
    ssh-ed25519 recipients do): a device's one registered key also receives sealed data."""
    return bindings.crypto_sign_ed25519_pk_to_curve25519(public)


def x25519_from_ed25519_seed(seed: bytes) -> bytes:
    """The X25519 private key that matches x25519_from_ed25519_public(ed25519_public(seed))."""
    return bindings.crypto_sign_ed25519_sk_to_curve25519(seed + ed25519_public(seed))


def x25519_shared(private: bytes, public: bytes) -> bytes:
    if len(private) != 32 or len(public) != 32:
        raise ValueError("X25519 keys are 32 bytes")
    return bindings.crypto_scalarmult(private, public)


# -- HKDF (RFC 5869) -----------------------------------------------------------------------

def hkdf_sha256(secret: bytes, *, salt: bytes, info: bytes, length: int = 32) -> bytes:
    prk = hmac.new(salt or b"\0" * 32, secret, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


# -- ChaCha20-Poly1305 (IETF, 12-byte nonce; ciphertext followed by the 16-byte tag) --------

def aead_encrypt(key: bytes, nonce: bytes, data: bytes, associated: bytes) -> bytes:
    return bindings.crypto_aead_chacha20poly1305_ietf_encrypt(data, associated, nonce, key)


def aead_decrypt(key: bytes, nonce: bytes, sealed: bytes, associated: bytes) -> bytes:
    try:
        return bindings.crypto_aead_chacha20poly1305_ietf_decrypt(sealed, associated, nonce, key)
    except (CryptoError, ValueError, TypeError) as exc:
        raise DecryptError(str(exc)) from None
