#!/usr/bin/python3
"""Reads an iCalendar file with Python's icalendar package (Debian python3-icalendar) and
prints its events as JSON: [{"summary", "start", "end"}] with times in UTC. The on-call
export is checked against this, so a feed real calendar clients parse is what we ship."""
import json
import sys
from datetime import timezone

import icalendar

with open(sys.argv[1], "rb") as f:
    calendar = icalendar.Calendar.from_ical(f.read())
events = []
for component in calendar.walk("VEVENT"):
    start = component.decoded("DTSTART").astimezone(timezone.utc)
    end = component.decoded("DTEND").astimezone(timezone.utc)
    events.append({"summary": str(component.get("SUMMARY")), "uid": str(component.get("UID")),
                   "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "end": end.strftime("%Y-%m-%dT%H:%M:%SZ")})
print(json.dumps({"name": str(calendar.get("X-WR-CALNAME")), "events": events}))
