"""Ed25519 device keys: made on the PC, the public half registered at login, the private half
never leaves the PC. An op is signed over its hash; a push batch over `batch_message`."""

from __future__ import annotations

from dataclasses import replace

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tambon_desktop.protocol.ops import Op


def generate_keypair() -> tuple[str, str]:
    """(private key, public key), both raw bytes in hex."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes_raw().hex(), public_key_of(key.private_bytes_raw().hex())


def public_key_of(private_hex: str) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def sign(private_hex: str, message: bytes) -> str:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex)).sign(message).hex()


def verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def sign_op(op: Op, private_hex: str) -> Op:
    return replace(op, signature=sign(private_hex, op.hash.encode("ascii")))


def verify_op(op: Op, public_hex: str) -> bool:
    return verify(public_hex, op.hash.encode("ascii"), op.signature)
