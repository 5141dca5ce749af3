"""What schemathesis needs to know about Tributary's OpenAPI documents to generate valid requests.

The custom string formats the apps document (the gateway's in libs/contracts/src/schema/compile-schema.ts),
and bodies sent as text/plain or NDJSON, which hold JSON (browser SDKs send JSON as text/plain).
"""
import json
from datetime import datetime, timezone

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


@schemathesis.hook
def filter_case(ctx, case):
    """A metrics range whose `to` is before its `from` is refused: a rule between two parameters, which OpenAPI cannot state."""
    if case.operation.path != "/events/metrics" or not case.query:
        return True
    start, end = _instant(case.query.get("from")), _instant(case.query.get("to"))
    return start is None or end is None or start <= end
