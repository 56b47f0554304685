"""Personal survey links that a database leak cannot turn into working links.

Each survey stores a random 128-bit nonce (from `secrets`) and the SHA-256 of its token; the
token itself is an HMAC of the nonce under SECRET_KEY. The worker can rebuild the link for a
reminder without the token ever being stored, and someone holding only the database learns
neither the tokens nor a way to make them. Rotating SECRET_KEY retires old links.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TOKEN_BYTES = 24  # 192 bits in the link


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_for(secret_key: str, nonce: str) -> str:
    digest = hmac.new(secret_key.encode(), b"survey-link:" + nonce.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:TOKEN_BYTES]).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def matches(token: str, stored_hash: str) -> bool:
    """Constant-time check of a presented token against the stored hash."""
    return hmac.compare_digest(token_hash(token), stored_hash)
