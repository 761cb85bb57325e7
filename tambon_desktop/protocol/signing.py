"""Ed25519 device keys: made on the PC, the public half registered at login, the private half
never leaves the PC. An op is signed over its hash; a push batch over `batch_message`."""

from __future__ import annotations

from dataclasses import replace

from tambon_desktop.protocol import crypto
from tambon_desktop.protocol.ops import Op


def generate_keypair() -> tuple[str, str]:
    """(private key, public key), both raw bytes in hex."""
    seed = crypto.ed25519_generate()
    return seed.hex(), crypto.ed25519_public(seed).hex()


def public_key_of(private_hex: str) -> str:
    return crypto.ed25519_public(bytes.fromhex(private_hex)).hex()


def sign(private_hex: str, message: bytes) -> str:
    return crypto.ed25519_sign(bytes.fromhex(private_hex), message).hex()


def verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    try:
        public, signature = bytes.fromhex(public_hex), bytes.fromhex(signature_hex)
    except (ValueError, TypeError):
        return False
    return crypto.ed25519_verify(public, message, signature)


def sign_op(op: Op, private_hex: str) -> Op:
    return replace(op, signature=sign(private_hex, op.hash.encode("ascii")))


def verify_op(op: Op, public_hex: str) -> bool:
    return verify(public_hex, op.hash.encode("ascii"), op.signature)
