"""The demo's wire desk: a drop folder that `make run` polls, an uploaded agency file, and a
few original agency-style stories already ingested, each source read once by the real poller
(its files dropped in the folder, the upload attached), so the desk's health column tells
the truth: both sources were read successfully when the demo loaded."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from dateline.articles.models import Agency
from dateline.wires.models import PublishMode, Transport, WireFormat, WireRule, WireSource
from dateline.wires.services.polling import poll_source


def drop_folder(agency_slug: str) -> Path:
    """Under the root drop folders must live in (DATELINE_WIRE_DROP_ROOT, var/wire-drop)."""
    return Path(settings.DATELINE_WIRE_DROP_ROOT) / agency_slug


def _ninjs(
    guid: str,
    version: int,
    when: dt.datetime,
    headline: str,
    place: str,
    paragraphs: list[str],
    subjects: list[str],
    by: str = "",
) -> bytes:
    document = {
        "uri": f"urn:demo:pti:{guid}",
        "type": "text",
        "version": str(version),
        "versionCreated": when.isoformat(),
        "firstCreated": when.isoformat(),
        "pubStatus": "usable",
        "urgency": 4,
        "language": "en",
        "by": by,
        "located": place,
        "copyrightHolder": "Press Trust of India",
        "headlines": [{"role": "main", "value": headline}],
        "subjects": [{"name": name} for name in subjects],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": "".join(f"<p>{p}</p>" for p in paragraphs),
            }
        ],
    }
    return json.dumps(document, indent=2).encode()


def pti_samples(now: dt.datetime) -> list[tuple[str, bytes]]:
    """Original demo copy in the style of an Indian agency's morning file."""
    earlier = now - dt.timedelta(hours=3)
    return [
        (
            "pti-metro-v1.json",
            _ninjs(
                "metro-line-3",
                1,
                earlier,
                "Metro line three opens to commuters after final safety check",
                "Pune",
                [
                    "The third line of the city metro opened to passengers on the morning shift after "  # noqa: E501
                    "the railway safety commissioner cleared the last stretch late on Sunday, officials "  # noqa: E501
                    "said.",
                    "Trains will run every eight minutes at peak hours between the bus terminus and the "  # noqa: E501
                    "university, a corridor that carries close to a lakh commuters a day by road.",
                    "Fares start at ten rupees. Smart cards issued for the first two lines will work on "  # noqa: E501
                    "the new line, the metro corporation said.",
                ],
                ["Transport", "Pune"],
            ),
        ),
        (
            "pti-metro-v2.json",
            _ninjs(
                "metro-line-3",
                2,
                earlier + dt.timedelta(hours=1),
                "Metro line three opens; 42,000 ride on first morning",
                "Pune",
                [
                    "The third line of the city metro carried about 42,000 passengers by noon on its "  # noqa: E501
                    "first day after the railway safety commissioner cleared the last stretch late on "  # noqa: E501
                    "Sunday, officials said.",
                    "Trains run every eight minutes at peak hours between the bus terminus and the "
                    "university, a corridor that carries close to a lakh commuters a day by road.",
                    "Fares start at ten rupees. Smart cards issued for the first two lines work on the "  # noqa: E501
                    "new line, the metro corporation said.",
                ],
                ["Transport", "Pune"],
            ),
        ),
        (
            "pti-cricket.json",
            _ninjs(
                "ranji-final-day-2",
                1,
                now - dt.timedelta(hours=2),
                "Ranji final: spinners put Vidarbha on top on day two",
                "Nagpur",
                [
                    "Left-arm spinner Aditya Rao took four wickets for 38 as Vidarbha bowled out the "  # noqa: E501
                    "visitors for 211 and took a first-innings lead of 96 on the second day of the "
                    "Ranji Trophy final.",
                    "At stumps Vidarbha were 41 for one in their second innings, 137 runs ahead with "  # noqa: E501
                    "three days to play.",
                ],
                ["Cricket", "Ranji Trophy"],
            ),
        ),
        (
            "pti-monsoon.json",
            _ninjs(
                "monsoon-kerala-onset",
                1,
                now - dt.timedelta(minutes=50),
                "Monsoon reaches Kerala two days ahead of normal date, says weather office",
                "Thiruvananthapuram",
                [
                    "The southwest monsoon set in over Kerala on Thursday, two days earlier than its "  # noqa: E501
                    "normal onset date, the weather office said.",
                    "Widespread rain is likely over the state for the next five days, with heavy falls "  # noqa: E501
                    "in the hill districts, it said in its morning bulletin.",
                ],
                ["Weather", "Monsoon"],
            ),
        ),
    ]


REUTERS_NEWSML = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:demo:reuters:port-automation"
    version="1" standard="NewsML-G2" standardversion="2.35">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="Reuters"/>
    <versionCreated>{when}</versionCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <located><name>Rotterdam</name></located>
    <infoSource><name>Reuters</name></infoSource>
    <language tag="en"/>
    <subject qcode="medtop:20000279"><name>Shipping</name></subject>
    <subject><name>Europe</name></subject>
    <headline>Europe's busiest port tests driverless cranes on night shifts</headline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/nitf+xml">
      <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>
        <p>Europe's busiest container port began a trial of remotely driven cranes on night
        shifts this week, aiming to keep berths working when fewer crews are available.</p>
        <p>Operators sitting in a control room two kilometres away moved about 300 containers
        on the first night, the port authority said, roughly the pace of a staffed crane.</p>
        <p>Unions said they would watch the trial closely and wanted guarantees that no jobs
        would be cut while it runs.</p>
      </body.content></body></nitf>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def ensure_wire_desk(sections: dict, agencies: dict[str, Agency], now: dt.datetime) -> dict:
    """Two sources and their first items; a second call changes nothing."""
    folder = drop_folder("pti")
    (folder / "done").mkdir(parents=True, exist_ok=True)
    pti, pti_created = WireSource.objects.get_or_create(
        slug="pti-drop",
        defaults={
            "name": "PTI drop folder",
            "agency": agencies.get("press-trust-of-india"),
            "transport": Transport.FOLDER,
            "folder": str(folder),
            "format": WireFormat.AUTO,
            "poll_interval": 10,
            "default_section": sections.get("india"),
            "publish_mode": PublishMode.PUBLISH,
        },
    )
    if not pti.rules.exists() and sections.get("sports"):
        WireRule.objects.create(
            source=pti, match="cricket", section=sections["sports"], tags="Cricket"
        )
    reuters, created = WireSource.objects.get_or_create(
        slug="reuters-upload",
        defaults={
            "name": "Reuters (uploaded NewsML-G2)",
            "agency": agencies.get("reuters"),
            "transport": Transport.UPLOAD,
            "format": WireFormat.NEWSML_G2,
            "default_section": sections.get("europe") or sections.get("world"),
            "publish_mode": PublishMode.PUBLISH,
        },
    )
    newsml = REUTERS_NEWSML.format(when=(now - dt.timedelta(hours=1)).isoformat()).encode()
    if created or not reuters.upload:
        reuters.upload.save("reuters-port-automation.xml", ContentFile(newsml), save=True)
    reports = []
    # Only on the first load: the samples' times follow `now`, so a later load would count
    # them as newer versions and revise the stories.
    if pti_created:
        drop_samples(folder, pti_samples(now))
        reports.append(poll_source(pti, now=now))
    if created:
        reports.append(poll_source(reuters, now=now))
    return {"sources": 2, "items": sum(sum(r.counts.values()) for r in reports)}


def drop_samples(folder: Path, samples: list[tuple[str, bytes]]) -> None:
    """Write the files as an agency would, one after the other: the folder is read oldest
    first, so each gets its own modification time (a version 2 after its version 1)."""
    start = dt.datetime.now(dt.UTC).timestamp() - len(samples)
    for offset, (name, data) in enumerate(samples):
        path = folder / name
        path.write_bytes(data)
        os.utime(path, (start + offset, start + offset))
