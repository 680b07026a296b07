#!/usr/bin/python3
"""Independent verifier for Open Badges 3.0 credentials issued as VC-JWT.

Why this exists: the hub's learning service (C++) signs Open Badges 3.0
credentials as VC-JWT and publishes its keys (JWKS) and a W3C Bitstring
Status List for revocation.  A test that only uses the service's own code to
check its own output proves little, so this script re-implements the checks
from the specifications with *no code shared with the service*: only the
Python standard library plus PyJWT (Debian bookworm's ``python3-jwt``, which
uses ``python3-cryptography`` for RS256 / ES256 / EdDSA).

The shebang names Debian's interpreter (/usr/bin/python3) on purpose: that is
where the python3-jwt and python3-cryptography packages are installed.

Usage:
    verify_credential.py --jwt-file PATH --jwks-url URL
                         [--expect-revoked | --expect-valid] [--timeout 10]

It prints exactly one JSON line on stdout:
    {"signature": bool, "revoked": bool|null, "issuer": str|null,
     "kid": str|null, "status_index": int|null, "list_bits": int|null,
     "error": str|null}

Exit status:
    --expect-valid    0 only if the signature verified and the status bit is 0
    --expect-revoked  0 only if the signature verified and the status bit is 1
    (neither)         0 if the signature verified (the bit itself does not
                      matter, but a status list that cannot be checked does)
    Any failure (including a usage error) exits 1, with the reason in "error"
    and on stderr.
"""

import argparse
import base64
import gzip
import io
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import jwt  # PyJWT 2.6 (python3-jwt)

# Algorithms we accept, and what key each one must be used with.  Checking the
# key type ourselves (instead of trusting whatever the JWKS says) rules out
# algorithm-confusion tricks and curve mix-ups (PyJWT 2.6 would, for example,
# verify "ES256" with a P-384 key).
ALLOWED_ALGS = {
    "RS256": {"kty": "RSA", "crv": None},
    "ES256": {"kty": "EC", "crv": {"P-256"}},
    "EdDSA": {"kty": "OKP", "crv": {"Ed25519", "Ed448"}},
}

# JWK members that only a private key has.  A published JWKS containing any
# of them is leaking key material and must not be used.
PRIVATE_JWK_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

# Clock skew tolerated on nbf / exp, in seconds.
LEEWAY_SECONDS = 60

# The W3C Bitstring Status List minimum size: 16 KiB = 131,072 bits, so that a
# single list gives holders herd privacy.
MIN_LIST_BYTES = 16 * 1024

# Upper bounds that keep a broken or hostile server from exhausting memory
# (the decompression bound also defuses gzip bombs).
MAX_FETCH_BYTES = 8 * 1024 * 1024
MAX_LIST_BYTES = 64 * 1024 * 1024

BASE64URL_RE = re.compile(r"^[A-Za-z0-9_-]*$")
DECIMAL_RE = re.compile(r"^[0-9]+$")


class VerificationError(Exception):
    """A check failed; the message is what ends up in the "error" field."""


class UsageError(Exception):
    """The command line was wrong (reported like any other failure)."""


class _ArgumentParser(argparse.ArgumentParser):
    """argparse exits with status 2 on bad usage; we want status 1 and the
    usual JSON line, so turn the error into an exception instead."""

    def error(self, message):
        raise UsageError(f"{self.prog}: {message}")


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def fetch_json(url, timeout, what, accept="application/json"):
    """GET ``url`` and parse it as a JSON object.

    ``what`` names the document in error messages ("JWKS", "status list
    credential").  Only http(s) URLs are allowed: urllib would otherwise
    happily open file:// or ftp:// URLs taken from an untrusted credential.
    """
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise VerificationError(f"{what} URL must be http(s), got {url!r}")

    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_FETCH_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise VerificationError(
            f"network error fetching {what} from {url}: HTTP {exc.code} {exc.reason}"
        ) from exc
    except urllib.error.URLError as exc:
        raise VerificationError(
            f"network error fetching {what} from {url}: {exc.reason}"
        ) from exc
    except (TimeoutError, OSError) as exc:  # socket timeouts, resets, ...
        raise VerificationError(
            f"network error fetching {what} from {url}: {exc}"
        ) from exc

    if len(body) > MAX_FETCH_BYTES:
        raise VerificationError(f"{what} from {url} is larger than {MAX_FETCH_BYTES} bytes")
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VerificationError(f"{what} from {url} is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise VerificationError(f"{what} from {url} is not a JSON object")
    return document


def as_list(value):
    """JSON-LD lets a single value stand in for a one-element array."""
    return value if isinstance(value, list) else [value]


def is_numeric_date(value):
    """RFC 7519 NumericDate: a JSON number (bool is an int in Python, exclude it)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --------------------------------------------------------------------------
# Step 2: the JOSE header
# --------------------------------------------------------------------------

def read_header(token):
    """Return (alg, kid) from the unverified JOSE header, after sanity checks."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.exceptions.DecodeError as exc:
        raise VerificationError(f"not a compact JWS: {exc}") from exc

    alg = header.get("alg")
    if alg not in ALLOWED_ALGS:
        raise VerificationError(
            f"header alg {alg!r} not allowed (expected one of {sorted(ALLOWED_ALGS)})"
        )
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise VerificationError("header has no kid")
    if "typ" in header and header["typ"] != "JWT":
        raise VerificationError(f"header typ must be 'JWT', got {header['typ']!r}")
    return alg, kid


# --------------------------------------------------------------------------
# Step 3: the key
# --------------------------------------------------------------------------

def select_key(jwks, kid, alg):
    """Find the JWK for ``kid`` in the JWKS and return a cryptography key object."""
    keys = jwks.get("keys")
    if not isinstance(keys, list):
        raise VerificationError("JWKS has no 'keys' array")

    matches = [k for k in keys if isinstance(k, dict) and k.get("kid") == kid]
    if not matches:
        raise VerificationError(f"no key with kid {kid!r} in JWKS")
    if len(matches) > 1:
        raise VerificationError(f"JWKS has {len(matches)} keys with kid {kid!r}")
    jwk = matches[0]

    leaked = sorted(PRIVATE_JWK_MEMBERS & jwk.keys())
    if leaked:
        raise VerificationError(f"JWKS key {kid!r} contains private members {leaked}")
    if jwk.get("use", "sig") != "sig":
        raise VerificationError(f"JWKS key {kid!r} has use {jwk.get('use')!r}, not 'sig'")
    if "alg" in jwk and jwk["alg"] != alg:
        raise VerificationError(
            f"JWKS key {kid!r} is for alg {jwk['alg']!r} but the token uses {alg!r}"
        )

    expected = ALLOWED_ALGS[alg]
    if jwk.get("kty") != expected["kty"]:
        raise VerificationError(
            f"JWKS key {kid!r} has kty {jwk.get('kty')!r}; {alg} needs {expected['kty']!r}"
        )
    if expected["crv"] is not None and jwk.get("crv") not in expected["crv"]:
        raise VerificationError(
            f"JWKS key {kid!r} has crv {jwk.get('crv')!r}; {alg} needs one of "
            f"{sorted(expected['crv'])}"
        )

    try:
        # Pin the algorithm to the header's, rather than letting PyJWK guess.
        # PyJWT 2.6's decode() wants the underlying key, not the PyJWK wrapper.
        return jwt.PyJWK(jwk, algorithm=alg).key
    except (jwt.exceptions.PyJWTError, ValueError, TypeError) as exc:
        raise VerificationError(f"cannot build key {kid!r} from JWK: {exc}") from exc


# --------------------------------------------------------------------------
# Step 4: signature, JWT claims, and the credential they describe
# --------------------------------------------------------------------------

def verify_signature(token, key, alg):
    """Check the signature and the time claims; return the payload."""
    try:
        return jwt.decode(
            token,
            key,
            algorithms=[alg],
            options={"verify_aud": False, "require": ["iss", "jti", "nbf", "sub"]},
            leeway=LEEWAY_SECONDS,
        )
    except jwt.exceptions.PyJWTError as exc:
        raise VerificationError(
            f"JWT verification failed: {type(exc).__name__}: {exc}"
        ) from exc
    except (TypeError, ValueError) as exc:  # e.g. a non-numeric claim PyJWT trips on
        raise VerificationError(f"JWT verification failed: {exc}") from exc


def issuer_id(payload):
    """The credential's issuer: a URI string or an object with an "id"."""
    issuer = payload.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    if not isinstance(issuer, str) or not issuer:
        raise VerificationError("credential has no issuer id")
    return issuer


def check_credential(payload, kid):
    """Check that the JWT claims agree with the credential they carry.

    OB 3.0 / VC-JWT: the payload *is* the credential (no "vc" wrapper), and
    iss, jti and sub duplicate issuer.id, id and credentialSubject.id.
    Returns the issuer id.
    """
    if "vc" in payload:
        raise VerificationError("payload uses a 'vc' wrapper; expected the credential at top level")

    types = as_list(payload.get("type"))
    for required in ("VerifiableCredential", "OpenBadgeCredential"):
        if required not in types:
            raise VerificationError(f"credential type {payload.get('type')!r} lacks {required!r}")

    issuer = issuer_id(payload)
    if payload["iss"] != issuer:
        raise VerificationError(f"iss {payload['iss']!r} != issuer id {issuer!r}")
    if payload["jti"] != payload.get("id"):
        raise VerificationError(f"jti {payload['jti']!r} != credential id {payload.get('id')!r}")

    subject = payload.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, dict) else None
    if payload["sub"] != subject_id:
        raise VerificationError(f"sub {payload['sub']!r} != credentialSubject.id {subject_id!r}")

    # PyJWT 2.6 accepts numeric strings ("nbf": "123"); RFC 7519 does not.
    for claim in ("nbf", "exp", "iat"):
        if claim in payload and not is_numeric_date(payload[claim]):
            raise VerificationError(f"{claim} is not a NumericDate: {payload[claim]!r}")

    # The key must belong to the issuer: its kid is "<issuer id>#<fragment>".
    if not kid.startswith(issuer + "#") or kid == issuer + "#":
        raise VerificationError(f"kid {kid!r} is not a fragment of issuer {issuer!r}")
    return issuer


# --------------------------------------------------------------------------
# Step 5: revocation via the W3C Bitstring Status List
# --------------------------------------------------------------------------

def revocation_entry(payload):
    """Return the BitstringStatusListEntry for revocation, or None if absent."""
    if "credentialStatus" not in payload:
        return None
    entries = [
        e for e in as_list(payload["credentialStatus"])
        if isinstance(e, dict)
        and e.get("type") == "BitstringStatusListEntry"
        and e.get("statusPurpose") == "revocation"
    ]
    if len(entries) != 1:
        raise VerificationError(
            "credentialStatus must hold exactly one BitstringStatusListEntry with "
            f"statusPurpose 'revocation', found {len(entries)}"
        )
    return entries[0]


def decode_encoded_list(encoded):
    """Decode a Bitstring Status List "encodedList" into raw bytes.

    The value is multibase base64url: the prefix 'u', then unpadded base64url
    of the GZIP-compressed bitstring.
    """
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise VerificationError("encodedList must be a multibase base64url string starting with 'u'")
    b64 = encoded[1:]
    # urlsafe_b64decode silently skips stray characters; be strict instead.
    if not BASE64URL_RE.match(b64) or len(b64) % 4 == 1:
        raise VerificationError("encodedList is not valid unpadded base64url")
    compressed = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))

    try:
        # Read through GzipFile (not gzip.decompress) so the output is bounded.
        with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as stream:
            data = stream.read(MAX_LIST_BYTES + 1)
    except (OSError, EOFError) as exc:  # BadGzipFile is an OSError
        raise VerificationError(f"encodedList is not valid GZIP data: {exc}") from exc
    if len(data) > MAX_LIST_BYTES:
        raise VerificationError(f"status list decompresses to more than {MAX_LIST_BYTES} bytes")
    if len(data) < MIN_LIST_BYTES:
        raise VerificationError(
            f"status list has {len(data) * 8} bits; the minimum is {MIN_LIST_BYTES * 8}"
        )
    return data


def bit_at(data, index):
    """Bit ``index`` of the list; index 0 is the most significant bit of byte 0."""
    return (data[index // 8] >> (7 - (index % 8))) & 1


def check_status(entry, timeout, report):
    """Fetch the status list named by ``entry``; return True if revoked.

    Fills report["status_index"] and report["list_bits"] along the way.
    """
    raw_index = entry.get("statusListIndex")
    if not isinstance(raw_index, str) or not DECIMAL_RE.match(raw_index):
        raise VerificationError(f"statusListIndex must be a decimal string, got {raw_index!r}")
    index = int(raw_index)
    report["status_index"] = index

    url = entry.get("statusListCredential")
    if not isinstance(url, str) or not url:
        raise VerificationError("credentialStatus has no statusListCredential URL")

    status_vc = fetch_json(
        url, timeout, "status list credential",
        accept="application/vc, application/vc+ld+json, application/json;q=0.9",
    )
    subject = status_vc.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, dict):
        raise VerificationError("status list credential has no credentialSubject object")
    if subject.get("type") != "BitstringStatusList":
        raise VerificationError(
            f"status list credentialSubject type is {subject.get('type')!r}, "
            "expected 'BitstringStatusList'"
        )
    if subject.get("statusPurpose") != entry["statusPurpose"]:
        raise VerificationError(
            f"status list purpose {subject.get('statusPurpose')!r} does not match "
            f"the entry's {entry['statusPurpose']!r}"
        )

    data = decode_encoded_list(subject.get("encodedList"))
    report["list_bits"] = len(data) * 8
    if index >= report["list_bits"]:
        raise VerificationError(
            f"statusListIndex {index} is outside the {report['list_bits']}-bit list"
        )
    return bit_at(data, index) == 1


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def parse_args(argv):
    parser = _ArgumentParser(
        description="Independently verify an Open Badges 3.0 VC-JWT and its revocation status.",
    )
    parser.add_argument("--jwt-file", required=True, help="file holding the compact JWS")
    parser.add_argument("--jwks-url", required=True, help="URL of the issuer's JWKS")
    expect = parser.add_mutually_exclusive_group()
    expect.add_argument("--expect-valid", action="store_true",
                        help="succeed only if the credential is not revoked")
    expect.add_argument("--expect-revoked", action="store_true",
                        help="succeed only if the credential is revoked")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="network timeout per request, in seconds (default 10)")
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error("--timeout must be positive")
    return args


def verify(args, report):
    """Run every check, filling ``report``; raise VerificationError on failure."""
    # 1. The token.
    try:
        with open(args.jwt_file, encoding="ascii") as handle:
            token = handle.read().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise VerificationError(f"cannot read --jwt-file {args.jwt_file!r}: {exc}") from exc
    if not token:
        raise VerificationError(f"--jwt-file {args.jwt_file!r} is empty")

    # 2. Header, unverified: only used to choose the algorithm and key.
    alg, kid = read_header(token)
    report["kid"] = kid

    # 3. Key from the JWKS.
    jwks = fetch_json(args.jwks_url, args.timeout, "JWKS",
                      accept="application/jwk-set+json, application/json;q=0.9")
    key = select_key(jwks, kid, alg)

    # 4. Signature and time claims, then claim/credential consistency.
    payload = verify_signature(token, key, alg)
    report["signature"] = True
    report["issuer"] = issuer_id(payload)
    check_credential(payload, kid)

    # 5. Revocation status.
    entry = revocation_entry(payload)
    if entry is None:
        if args.expect_valid or args.expect_revoked:
            raise VerificationError("credential has no credentialStatus; cannot check revocation")
        return
    report["revoked"] = check_status(entry, args.timeout, report)

    # 7. Expectations.
    if args.expect_valid and report["revoked"]:
        raise VerificationError("expected a valid credential, but its status bit is 1 (revoked)")
    if args.expect_revoked and not report["revoked"]:
        raise VerificationError("expected a revoked credential, but its status bit is 0 (valid)")


def main(argv=None):
    report = {
        "signature": False,
        "revoked": None,
        "issuer": None,
        "kid": None,
        "status_index": None,
        "list_bits": None,
        "error": None,
    }
    try:
        verify(parse_args(argv), report)
    except (VerificationError, UsageError) as exc:
        report["error"] = str(exc)
    except Exception as exc:  # a bug here must still yield the JSON line and exit 1
        report["error"] = f"internal error: {type(exc).__name__}: {exc}"

    # 6. Exactly one JSON line on stdout, whatever happened.
    print(json.dumps(report), flush=True)
    if report["error"] is not None:
        print(f"verify_credential: error: {report['error']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
