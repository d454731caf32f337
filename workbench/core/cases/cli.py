"""``workbench case …``: cases, events, SLA clocks and reply drafts from the command line.

``add_case_parser`` adds the ``case`` command to the top-level parser and ``run_case_command`` runs
it; expected problems raise WorkbenchError (the top-level CLI prints ``error: …`` and exits 2).
Heavy modules are imported inside the commands, so ``workbench --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.core.cases.model import CHANNELS, PRIORITIES, STATUSES, Case, format_time, parse_time, utc_now
from workbench.core.errors import WorkbenchError

EVENT_KINDS = {"public_reply": "public_reply", "internal_note": "internal_note",
               "customer_message": "customer_message", "status": "status_change", "priority": "priority_change"}
_TIME_HELP = "ISO 8601 with an offset, e.g. 2024-03-02T09:20+08:00"


def _add_new(commands: Any) -> None:
    new = commands.add_parser("new", help="open a case for a bundle (analysed and copied into the case)")
    new.add_argument("path", type=Path, help="the customer's bundle: archive, folder or log file")
    new.add_argument("--customer", required=True, help="customer (company or person)")
    new.add_argument("--priority", choices=PRIORITIES, help="default: the diagnosis' suggestion, else P2")
    new.add_argument("--channel", choices=CHANNELS, default="ticket", help="how the case came in")
    new.add_argument("--received", help=f"when the customer reported it ({_TIME_HELP}); default now")
    new.add_argument("--title", help="default: the main finding or the SDK and bundle name")
    new.add_argument("--product", help="product/SDK; default: read from the bundle")
    new.add_argument("--owner", default="", help="engineer who owns the case")
    new.add_argument("--team", default="default", help="SLA team calendar (see sla.json)")


def _add_event(commands: Any) -> None:
    event = commands.add_parser("event", help="record a message, reply, note, status or priority change")
    event.add_argument("id", type=int, help="case id")
    event.add_argument("--kind", required=True, choices=tuple(EVENT_KINDS))
    event.add_argument("--at", help=f"when it happened ({_TIME_HELP}); default now")
    event.add_argument("--text", default="", help="message, reply or note text")
    event.add_argument("--status", choices=STATUSES, help="new status (with --kind status)")
    event.add_argument("--priority", choices=PRIORITIES, help="new priority (with --kind priority)")


def add_case_parser(subparsers: Any) -> None:
    """Add ``case`` and its sub-commands to the top-level ``add_subparsers()`` object."""
    case = subparsers.add_parser("case", help="cases, SLA clocks and reply drafts")
    commands = case.add_subparsers(dest="case_command", metavar="COMMAND", required=True)
    _add_new(commands)
    listing = commands.add_parser("list", help="cases sorted by time to SLA breach")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--now", help=f"evaluate the clocks at this time ({_TIME_HELP})")
    show = commands.add_parser("show", help="one case: events, SLA clocks, findings")
    show.add_argument("id", type=int, help="case id")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--now", help=f"evaluate the clocks at this time ({_TIME_HELP})")
    _add_event(commands)
    templates = commands.add_parser("templates", help="list the reply templates")
    templates.add_argument("--lang", default="en", help="en or zh_CN")
    draft = commands.add_parser("draft", help="print a redacted reply draft")
    draft.add_argument("id", type=int, help="case id")
    draft.add_argument("--lang", default="en", help="en or zh_CN")
    draft.add_argument("--template", help="default: the one that fits the case's state")
    draft.add_argument("--out", type=Path, help="also export it (.md or .eml)")
    draft.add_argument("--save", metavar="NAME", help="also save it as the case's draft NAME")
    draft.add_argument("--keep-user-ids", action="store_true", default=None,
                       help="leave user ids readable this time (the case's own setting otherwise)")


def _now(text: str | None) -> datetime:
    return parse_time(text) if text else utc_now()


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _duration(seconds: float) -> str:
    """``-1h05m`` / ``2d03h`` / ``45m``: compact, signed, for table columns."""
    sign, seconds = ("-" if seconds < 0 else ""), abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"{sign}{days}d{hours:02d}h"
    return f"{sign}{hours}h{rest // 60:02d}m" if hours else f"{sign}{rest // 60}m"


def _case_row(store: Any, case: Case, now: datetime, policy: Any) -> dict[str, Any]:
    from workbench.core.cases.sla import clocks, overall_state, sort_key

    case_clocks = clocks(case, store.events(case.id), now, policy)
    key = sort_key(case_clocks, now)
    return {**case.to_json(), "sla_state": overall_state(case_clocks),
            "time_to_breach_s": round(key[1]) if key[0] == 0 else None,
            "clocks": [c.to_json() for c in case_clocks], "_key": key}


def cmd_new(store: Any, args: argparse.Namespace) -> int:
    """`case new`: analyse and copy the bundle, store the diagnosis, print the case id."""
    from workbench.core.cases.intake import new_case_from_bundle

    received = parse_time(args.received) if args.received else None
    case = new_case_from_bundle(store, args.path, customer=args.customer, channel=args.channel,
                                priority=args.priority, received=received, title=args.title,
                                product=args.product, owner=args.owner, team=args.team)
    print(case.id)
    return 0


def cmd_list(store: Any, args: argparse.Namespace) -> int:
    """`case list`: every case with its most urgent SLA state, soonest breach first."""
    from workbench.core.cases.policy import load_policy

    now, policy = _now(args.now), load_policy()
    rows = sorted((_case_row(store, case, now, policy) for case in store.list_cases()),
                  key=lambda r: (r["_key"], r["id"]))
    for row in rows:
        del row["_key"]
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print("no cases yet: `workbench case new PATH --customer NAME` opens one")
        return 0
    print(f"{'id':>4}  {'pri':<3}  {'status':<19}  {'sla':<8}  {'breach in':>9}  customer / title")
    for r in rows:
        due = _duration(r["time_to_breach_s"]) if r["time_to_breach_s"] is not None else "-"
        print(f"{r['id']:>4}  {r['priority']:<3}  {r['status']:<19}  {r['sla_state']:<8}  {due:>9}  "
              f"{r['customer']} / {r['title']}")
    return 0


def _show_json(store: Any, case_id: int, now: datetime) -> dict[str, Any]:
    from workbench.core.cases.policy import load_policy
    from workbench.core.cases.sla import clocks

    opened = store.open_case(case_id)
    case_clocks = clocks(opened.case, opened.events, now, load_policy())
    return {"case": opened.case.to_json(), "now": format_time(now),
            "bundle": {"path": str(opened.bundle) if opened.bundle else None, "ok": opened.bundle_ok,
                       "sha256": opened.case.bundle_sha256 or None},
            "events": [e.to_json() for e in opened.events], "clocks": [c.to_json() for c in case_clocks],
            "findings": opened.documents.get("findings", []),
            "missing_info": (opened.documents.get("report") or {}).get("missing_info", []),
            "priority_suggestion": opened.documents.get("priority_suggestion"),
            "drafts": {name: {"lang": d.lang, "template": d.template, "version": d.version,
                              "updated": format_time(d.updated) if d.updated else None}
                       for name, d in opened.drafts.items()}}


def cmd_show(store: Any, args: argparse.Namespace) -> int:
    """`case show`: the case, its bundle, SLA clocks, events and findings (human or JSON)."""
    data = _show_json(store, args.id, _now(args.now))
    if args.json:
        _print_json(data)
        return 0
    case = data["case"]
    print(f"#{case['id']} [{case['priority']}] {case['title']}  ({case['status']})")
    print(f"customer: {case['customer']}  channel: {case['channel']}  product: {case['product'] or '-'}  "
          f"owner: {case['owner'] or '-'}")
    if data["bundle"]["path"]:
        print(f"bundle: {data['bundle']['path']}" + ("" if data["bundle"]["ok"] else "  (MISSING OR CHANGED)"))
    print("\nSLA:")
    for c in data["clocks"]:
        when = f"met {c['met_at']}" if c["met_at"] else f"due {c['due'] or '- (paused)'}"
        print(f"  {c['kind']:<15} {c['state']:<8} {when}  elapsed {_duration(c['elapsed_s'])}  "
              f"remaining {_duration(c['remaining_s'])}")
    print("\nEvents:")
    for e in data["events"]:
        change = f"  {e['data'].get('from')} → {e['data']['to']}" if "to" in e["data"] else ""
        text = f"  {e['text']}" if e["text"] else ""
        print(f"  {e['at']}  {e['kind']:<16} {e['visibility']:<8}{change}{text}")
    if data["findings"]:
        print("\nFindings:")
        for f in data["findings"]:
            print(f"  [{f.get('severity', '?')}] {f.get('title', '')}")
    return 0


def cmd_event(store: Any, args: argparse.Namespace) -> int:
    """`case event`: record a message, reply, note, status or priority change; print what was written."""
    kind = EVENT_KINDS[args.kind]
    data: dict[str, Any] = {}
    if kind == "status_change":
        if not args.status:
            raise WorkbenchError("--kind status needs --status", f"one of: {', '.join(STATUSES)}")
        data["to"] = args.status
    elif kind == "priority_change":
        if not args.priority:
            raise WorkbenchError("--kind priority needs --priority", f"one of: {', '.join(PRIORITIES)}")
        data["to"] = args.priority
    at = parse_time(args.at) if args.at else None
    for event in store.add_event(args.id, kind, at, args.text, data):
        change = f" {event.data.get('from')} → {event.data.get('to')}" if "to" in event.data else ""
        print(f"#{event.id} {format_time(event.at)} {event.kind}{change}")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    """`case templates`: the reply template names."""
    from workbench.core.replies import template_names

    for name in template_names(args.lang):
        print(name)
    return 0


def cmd_draft(store: Any, args: argparse.Namespace) -> int:
    """`case draft`: print the redacted draft (redactions listed on stderr); optionally save/export."""
    from workbench.core.replies import export_draft, render_draft

    opened = store.open_case(args.id)
    report = dict(opened.documents.get("report") or {})
    report["findings"] = opened.documents.get("findings", report.get("findings", []))
    draft = render_draft(opened.case, report, template=args.template, lang=args.lang,
                         keep_user_ids=args.keep_user_ids)
    if args.save:
        store.save_draft(args.id, args.save, draft.text, lang=draft.lang, template=draft.template)
    if args.out:
        export_draft(draft, args.out)
    print(f"Subject: {draft.subject}\n\n{draft.text}", end="")
    if draft.redactions:  # on stderr: stdout stays the text to paste
        listed = ", ".join(f"{kind} {preview}" for kind, preview in draft.redactions)
        print(f"redacted ({len(draft.redactions)}): {listed}", file=sys.stderr)
    return 0


def run_case_command(args: argparse.Namespace) -> int:
    """Run the ``case`` sub-command in ``args``; returns the exit status (0)."""
    command = args.case_command
    if command == "templates":
        return cmd_templates(args)
    from workbench.core.cases.store import CaseStore

    handlers = {"new": cmd_new, "list": cmd_list, "show": cmd_show, "event": cmd_event, "draft": cmd_draft}
    if command not in handlers:
        raise WorkbenchError(f"unknown case command {command!r}", "run `workbench case --help`")
    with CaseStore() as store:
        return handlers[command](store, args)
