"""Each ticket system's signature scheme: what it accepts and every way a forgery is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from survey.intake import freshdesk, generic, jira, zendesk
from survey.intake.events import SignatureError
from survey.intake.signatures import check_fresh, equal, header

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
BODY = b'{"type": "ticket.closed", "ticket": {"id": "T-1001"}}'
TAMPERED = BODY.replace(b"T-1001", b"T-1002")

GENERIC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
OTHER_GENERIC_SECRET = "whsec_" + base64.b64encode(b"another secret of 24 byte").decode()
ZENDESK_SECRET = "dGhpcyBpcyBhIHNlY3JldA=="
JIRA_SECRET = "It5Zr3nMe8Bv1yQ"
FRESHDESK_TOKEN = "fd-token-7c1d"


def generic_headers(body: bytes = BODY, secret: str = GENERIC_SECRET, sent_at=NOW) -> dict:
    signature = Webhook(secret).sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", sent_at, body.decode())
    return {
        "webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }


def zendesk_headers(body: bytes = BODY, secret: str = ZENDESK_SECRET, sent_at=NOW) -> dict:
    stamp = sent_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = hmac.new(secret.encode(), stamp.encode() + body, hashlib.sha256).digest()
    return {
        "X-Zendesk-Webhook-Signature": base64.b64encode(digest).decode(),
        "X-Zendesk-Webhook-Signature-Timestamp": stamp,
        "X-Zendesk-Webhook-Invocation-Id": "8350205582",
    }


def jira_headers(body: bytes = BODY, secret: str = JIRA_SECRET) -> dict:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature": f"sha256={digest}", "X-Atlassian-Webhook-Identifier": "a1b2"}


def freshdesk_headers(token: str = FRESHDESK_TOKEN) -> dict:
    return {"X-Freshdesk-Webhook-Token": token}


# (module, secret, headers for BODY, headers for BODY signed with another secret)
SCHEMES = {
    "generic": (
        generic,
        GENERIC_SECRET,
        generic_headers(),
        generic_headers(secret=OTHER_GENERIC_SECRET),
    ),
    "zendesk": (zendesk, ZENDESK_SECRET, zendesk_headers(), zendesk_headers(secret="b3RoZXI=")),
    "jira": (jira, JIRA_SECRET, jira_headers(), jira_headers(secret="another-secret")),
    "freshdesk": (freshdesk, FRESHDESK_TOKEN, freshdesk_headers(), freshdesk_headers("guess")),
}
REQUIRED_HEADERS = [
    (generic, "webhook-id"),
    (generic, "webhook-timestamp"),
    (generic, "webhook-signature"),
    (zendesk, "X-Zendesk-Webhook-Signature"),
    (zendesk, "X-Zendesk-Webhook-Signature-Timestamp"),
    (jira, "X-Hub-Signature"),
    (freshdesk, "X-Freshdesk-Webhook-Token"),
]


@pytest.mark.parametrize("name", SCHEMES)
def test_valid_delivery_is_accepted(name):
    module, secret, headers, _ = SCHEMES[name]
    module.verify(headers, BODY, secret, NOW)


@pytest.mark.parametrize("name", SCHEMES)
def test_header_names_match_whatever_their_case(name):
    module, secret, headers, _ = SCHEMES[name]
    module.verify({key.upper(): value for key, value in headers.items()}, BODY, secret, NOW)


@pytest.mark.parametrize("name", ["generic", "zendesk", "jira"])
def test_tampered_body_is_refused(name):
    module, secret, headers, _ = SCHEMES[name]
    with pytest.raises(SignatureError):
        module.verify(headers, TAMPERED, secret, NOW)


@pytest.mark.parametrize("name", SCHEMES)
def test_signature_made_with_another_secret_is_refused(name):
    module, secret, _, forged = SCHEMES[name]
    with pytest.raises(SignatureError):
        module.verify(forged, BODY, secret, NOW)


@pytest.mark.parametrize(
    ("module", "missing"), REQUIRED_HEADERS, ids=[f"{m.SOURCE}-{h}" for m, h in REQUIRED_HEADERS]
)
def test_missing_header_is_refused(module, missing):
    _, secret, headers, _ = SCHEMES[module.SOURCE]
    headers = {key: value for key, value in headers.items() if key != missing}
    with pytest.raises(SignatureError, match="missing"):
        module.verify(headers, BODY, secret, NOW)


@pytest.mark.parametrize("make", [generic_headers, zendesk_headers], ids=["generic", "zendesk"])
@pytest.mark.parametrize("skew", [timedelta(minutes=-6), timedelta(minutes=6)], ids=["old", "new"])
def test_timestamp_outside_five_minutes_is_refused(make, skew):
    module = generic if make is generic_headers else zendesk
    secret = SCHEMES[module.SOURCE][1]
    with pytest.raises(SignatureError, match="tolerance"):
        module.verify(make(sent_at=NOW + skew), BODY, secret, NOW)


@pytest.mark.parametrize("make", [generic_headers, zendesk_headers], ids=["generic", "zendesk"])
def test_timestamp_within_five_minutes_is_accepted(make):
    module = generic if make is generic_headers else zendesk
    secret = SCHEMES[module.SOURCE][1]
    module.verify(make(sent_at=NOW - timedelta(minutes=4, seconds=59)), BODY, secret, NOW)


@pytest.mark.parametrize("stamp", ["yesterday", "1e9", "99999999999999999999"])
def test_generic_malformed_timestamp_is_refused(stamp):
    headers = generic_headers() | {"webhook-timestamp": stamp}
    with pytest.raises(SignatureError):
        generic.verify(headers, BODY, GENERIC_SECRET, NOW)


def test_zendesk_malformed_timestamp_is_refused():
    headers = zendesk_headers() | {"X-Zendesk-Webhook-Signature-Timestamp": "last tuesday"}
    with pytest.raises(SignatureError, match="timestamp"):
        zendesk.verify(headers, BODY, ZENDESK_SECRET, NOW)


def test_generic_accepts_any_matching_signature_of_a_rotation_list():
    headers = generic_headers()
    good = headers["webhook-signature"]
    headers["webhook-signature"] = f"v1,Zm9yZ2Vk v2,{good[3:]} {good}"
    generic.verify(headers, BODY, GENERIC_SECRET, NOW)


def test_generic_ignores_signatures_of_other_versions():
    headers = generic_headers()
    headers["webhook-signature"] = "v1a," + headers["webhook-signature"][3:]
    with pytest.raises(SignatureError):
        generic.verify(headers, BODY, GENERIC_SECRET, NOW)


def test_generic_signature_for_another_message_id_is_refused():
    headers = generic_headers() | {"webhook-id": "msg_other"}
    with pytest.raises(SignatureError):
        generic.verify(headers, BODY, GENERIC_SECRET, NOW)


def test_generic_body_that_is_not_utf8_is_refused():
    with pytest.raises(SignatureError):
        generic.verify(generic_headers(), b"\xff\xfe", GENERIC_SECRET, NOW)


@pytest.mark.parametrize("module", [zendesk, jira, freshdesk])
def test_empty_secret_verifies_nothing(module):
    headers = {"X-Freshdesk-Webhook-Token": "x"} if module is freshdesk else SCHEMES[module.SOURCE][2]
    with pytest.raises(SignatureError):
        module.verify(headers, BODY, "", NOW)


def test_jira_hex_digest_is_compared_without_regard_to_case():
    headers = jira_headers()
    headers["X-Hub-Signature"] = headers["X-Hub-Signature"].upper()
    jira.verify(headers, BODY, JIRA_SECRET, NOW)


def test_jira_signature_without_method_prefix_is_refused():
    headers = jira_headers()
    headers["X-Hub-Signature"] = headers["X-Hub-Signature"].removeprefix("sha256=")
    with pytest.raises(SignatureError):
        jira.verify(headers, BODY, JIRA_SECRET, NOW)


def test_blank_header_counts_as_missing():
    with pytest.raises(SignatureError, match="missing"):
        header({"X-Freshdesk-Webhook-Token": "  "}, "x-freshdesk-webhook-token")


def test_equal_compares_non_ascii_text():
    assert equal("jeton-é", "jeton-é")
    assert not equal("jeton-é", "jeton-e")


def test_check_fresh_accepts_exactly_the_tolerance():
    check_fresh(NOW - timedelta(minutes=5), NOW)
    with pytest.raises(SignatureError):
        check_fresh(NOW - timedelta(minutes=5, seconds=1), NOW)
