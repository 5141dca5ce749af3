"""What schemathesis needs to know about Tributary's OpenAPI documents to generate valid requests.

The custom string formats the apps document (the gateway's in libs/contracts/src/schema/compile-schema.ts),
and bodies sent as text/plain or NDJSON, which hold JSON (browser SDKs send JSON as text/plain).
"""
import json
from datetime import datetime, timezone
from urllib.parse import urlencode

import schemathesis
from hypothesis import strategies as st

# The range every stored time keeps to (EVENT_LIMITS: 2000-01-01 to 2100-01-01).
_instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(timezone.utc))
_iso = _instants.map(lambda instant: instant.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
_spaced = _instants.map(lambda instant: instant.strftime("%Y-%m-%d %H:%M:%S"))

schemathesis.openapi.format("iso-8601", _iso)
schemathesis.openapi.format("iso-8601-or-spaced", st.one_of(_iso, _spaced))
schemathesis.openapi.format("ip-address", st.ip_addresses().map(str))
# The query app's time bounds and days (apps/query: TIME_BOUND_FORMAT, the stats' date).
schemathesis.openapi.format("iso-8601-or-unix-seconds", st.one_of(_iso, _instants.map(lambda instant: str(int(instant.timestamp())))))
schemathesis.openapi.format("event-day", _instants.map(lambda instant: instant.date().isoformat()))
# GET /events/stats's zone (apps/query: TIME_ZONE_FORMAT): offsets of an hour, of half and three quarters, and their changes.
_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "America/Santiago", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "Etc/GMT+12", "Pacific/Kiritimati"]
schemathesis.openapi.format("iana-time-zone", st.sampled_from(_ZONES))


@schemathesis.serializer("text/plain")
def _json_as_text(ctx, value):
    return value if isinstance(value, bytes) else (value if isinstance(value, str) else json.dumps(value)).encode()


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx, value):
    lines = value if isinstance(value, list) else [value]
    return "\n".join(json.dumps(line) for line in lines).encode()


def _instant(bound):
    """A time bound as GET /events/metrics reads it (ISO 8601, UTC without a zone, or Unix seconds); None if unreadable."""
    try:
        if isinstance(bound, str) and bound.isdigit():
            return float(bound)
        parsed = datetime.fromisoformat(str(bound).replace("Z", "+00:00"))
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).timestamp()
    except (ValueError, OverflowError):
        return None


# The shortest a bucket of GET /events/stats's time series can be, in any zone.
_SHORTEST_BUCKET_SECONDS = {"minute": 60, "hour": 1800, "day": 23 * 3600, "week": 7 * 86400 - 3600, "month": 28 * 86400 - 3600}
# apps/query/src/event-stats: MAX_SERIES_BUCKETS, MAX_VALUE_SERIES_GROUPS, STATS_LIMIT.default.
_MAX_SERIES_BUCKETS, _MAX_VALUE_SERIES_GROUPS, _DEFAULT_LIMIT = 10_000, 100_000, 100


def _stats_series_fits(query):
    """A group_by naming an entry twice is refused, and so is a time series longer than the caps.

    A series' length depends on the zone's calendar, and without both bounds on the events stored:
    only cases surely within the caps are kept.
    """
    entries = str(query["group_by"]).split(",") if "group_by" in query else []
    if len(entries) != len(set(entries)):
        return False
    buckets = [entry for entry in entries if entry in _SHORTEST_BUCKET_SECONDS]
    if not buckets:
        return True
    start, end = _instant(query.get("from")), _instant(query.get("to"))
    if start is None or end is None:
        return False
    series = (end - start) / _SHORTEST_BUCKET_SECONDS[buckets[0]] + 2
    try:
        values = int(query.get("limit", _DEFAULT_LIMIT)) if len(entries) == 2 else 1
    except (TypeError, ValueError):
        return True  # not an integer: refused for that
    return series <= _MAX_SERIES_BUCKETS and series * values <= _MAX_VALUE_SERIES_GROUPS


# Node refuses a request line and headers over 16 KiB (431) before the app reads them; the repeated
# parameters of GET /events/stats and GET /events/list can reach that within their documented bounds.
_MAX_QUERY_BYTES = 15_000


@schemathesis.hook
def filter_case(ctx, case):
    """Rules OpenAPI cannot state: no prototype keys anywhere in a body; a range's `to` not before its `from`; the size of a request line; GET /events/stats's group_by."""
    if _has_prototype_key(case.body):
        return False
    if case.operation.path not in ("/events/metrics", "/metrics", "/events/stats", "/events/list") or not case.query:
        return True
    start, end = _instant(case.query.get("from")), _instant(case.query.get("to"))
    if start is not None and end is not None and start > end:
        return False
    if len(urlencode(case.query, doseq=True)) > _MAX_QUERY_BYTES:
        return False
    return case.operation.path != "/events/stats" or _stats_series_fits(case.query)


def _has_prototype_key(value):
    """A `__proto__` key, or `constructor` holding `prototype`, at any depth: every body refuses them (libs/contracts prototype-keys.ts)."""
    if isinstance(value, list):
        return any(_has_prototype_key(item) for item in value)
    if not isinstance(value, dict):
        return False
    if "__proto__" in value or (isinstance(value.get("constructor"), dict) and "prototype" in value["constructor"]):
        return True
    return any(_has_prototype_key(item) for item in value.values())
