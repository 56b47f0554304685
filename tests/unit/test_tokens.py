"""Survey link tokens: unguessable, rebuildable by the worker, useless to someone holding the database."""

from __future__ import annotations

import base64
import re

from survey import tokens

KEY = "k" * 64


def test_token_carries_192_bits_in_url_safe_characters():
    token = tokens.token_for(KEY, tokens.new_nonce())

    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    assert len(base64.urlsafe_b64decode(token)) * 8 == 192


def test_same_nonce_and_key_rebuild_the_same_link():
    nonce = tokens.new_nonce()

    assert tokens.token_for(KEY, nonce) == tokens.token_for(KEY, nonce)


def test_nonces_are_random_and_give_different_tokens():
    nonces = {tokens.new_nonce() for _ in range(1000)}

    assert len(nonces) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", nonce) for nonce in nonces)
    assert len({tokens.token_for(KEY, nonce) for nonce in nonces}) == 1000


def test_another_secret_key_gives_another_token_so_rotating_it_retires_links():
    nonce = tokens.new_nonce()

    assert tokens.token_for(KEY, nonce) != tokens.token_for("other" + KEY, nonce)


def test_stored_hash_reveals_neither_token_nor_nonce():
    nonce = tokens.new_nonce()
    token = tokens.token_for(KEY, nonce)
    stored = tokens.token_hash(token)

    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert token not in stored and nonce not in stored


def test_token_matches_only_its_own_hash():
    token = tokens.token_for(KEY, tokens.new_nonce())
    stored = tokens.token_hash(token)

    assert tokens.matches(token, stored)
    assert not tokens.matches(token[:-1] + ("A" if token[-1] != "A" else "B"), stored)
    assert not tokens.matches("", stored)
    assert not tokens.matches(token, tokens.token_hash(tokens.token_for(KEY, tokens.new_nonce())))


def test_comparison_is_constant_time(monkeypatch):
    """Checked by what `matches` calls: a timing measurement would be flaky, hmac's comparison is not."""
    calls = []
    real = tokens.hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", recording)
    token = tokens.token_for(KEY, tokens.new_nonce())

    assert tokens.matches(token, tokens.token_hash(token))
    assert calls == [(tokens.token_hash(token), tokens.token_hash(token))]
