#!/usr/bin/env python3
# reference-fetch.py: the plain Python baseline the CLI is measured against.
#
# Fetches a date range from the concurrence endpoint the straightforward way (urllib, json,
# csv, two requests in flight) and writes the same CSV as `live-concurrency-cli --csv`. It is
# deliberately what a competent scripter would write, not a tuned program.
#
# Usage: reference-fetch.py BASE_URL APP_ID SECRET_FILE START END OUTPUT.csv
# SPDX-License-Identifier: GPL-3.0-or-later

import concurrent.futures
import csv
import datetime
import hashlib
import json
import sys
import time
import urllib.parse
import urllib.request


def sign(secret, params):
    text = "".join(name + value for name, value in sorted(params.items()) if value)
    return hashlib.md5((secret + text + secret).encode()).hexdigest().upper()


def chunks(start, end):
    while start <= end:
        # Both readings of "two months": at most 60 days apart, and before start + 2 months.
        month = start.month + 2
        year = start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(start.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0)
                              else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
        last = min(end, start + datetime.timedelta(days=60),
                   datetime.date(year, month, day) - datetime.timedelta(days=1))
        yield start, last
        start = last + datetime.timedelta(days=1)


def fetch(base_url, app_id, secret, start, end):
    params = {
        "appId": app_id,
        "timestamp": str(int(time.time() * 1000)),
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
    }
    params["sign"] = sign(secret, params)
    url = base_url + "/live/v3/user/statistics/concurrence?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=30) as response:
        body = json.load(response)
    if body.get("code") != 200:
        raise RuntimeError(body.get("message"))
    return body["data"]


def main():
    base_url, app_id, secret_file, start, end, output = sys.argv[1:7]
    with open(secret_file) as f:
        secret = f.read().strip()
    start = datetime.date.fromisoformat(start)
    end = datetime.date.fromisoformat(end)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        parts = list(pool.map(lambda chunk: fetch(base_url, app_id, secret, *chunk),
                              chunks(start, end)))

    rows = {}
    for part in parts:
        for row in part:
            viewers = int(row["viewers"])
            if viewers > 0:
                key = (row["day"], row["minute"])
                rows[key] = max(viewers, rows.get(key, 0))

    with open(output, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["day", "minute", "viewers"])
        for (day, minute), viewers in sorted(rows.items()):
            writer.writerow([day, minute, viewers])


if __name__ == "__main__":
    main()
