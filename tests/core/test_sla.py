"""SLA arithmetic with fixed clocks: business hours, weekends, holidays, time zones and DST, pauses,
calendar-time P0, reopen, internal notes and next-response cycles. Every ``now`` is pinned."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workbench.core.cases.calendar import add_business_seconds, business_seconds, calendar_from_json
from workbench.core.cases.model import Case, Event, parse_time
from workbench.core.cases.policy import SlaPolicy, load_policy, merge_overrides, policy_from_json
from workbench.core.cases.sla import Clock, clocks, overall_state, sort_key, time_to_breach
from workbench.core.errors import WorkbenchError
from workbench.core.paths import resources_dir

DEFAULTS = json.loads((resources_dir() / "sla" / "default.json").read_text(encoding="utf-8"))
WEEK = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
T = parse_time


def policy(timezone: str = "Asia/Shanghai", holidays: tuple[str, ...] = (), **teams: dict) -> SlaPolicy:
    """The shipped targets with a default team in ``timezone`` (Mon–Fri 09:00–18:00) and extra teams."""
    spec = {"default": {"timezone": timezone, "hours": WEEK, "holidays": list(holidays)}, **teams}
    return policy_from_json({**DEFAULTS, "teams": spec})


def case_events(priority: str, created: str, *steps: tuple[str, str, dict | None], team: str = "default"
                ) -> tuple[Case, list[Event]]:
    """A case and its events: (ISO time, kind, data) per step after the ``created`` event."""
    case = Case(customer="ACME", priority=priority, created=T(created), team=team)
    events = [Event(id=1, at=case.created, kind="created")]
    for n, (at, kind, data) in enumerate(steps, start=2):
        events.append(Event(id=n, at=T(at), kind=kind, data=data or {}))
    return case, events


def clock(kind: str, case: Case, events: list[Event], now: str, sla: SlaPolicy | None = None) -> Clock:
    found = {c.kind: c for c in clocks(case, events, T(now), sla or policy())}
    return found[kind]


def status(to: str) -> dict:
    return {"to": to}


# -- business hours --------------------------------------------------------------------------------------


def test_business_hours_carry_over_the_night() -> None:
    case, events = case_events("P2", "2024-03-05T17:00+08:00")  # a Tuesday, one working hour left
    first = clock("first_response", case, events, "2024-03-06T10:00+08:00")
    assert first.due == T("2024-03-06T16:00+08:00")  # 1 h on Tuesday + 7 h on Wednesday
    assert first.elapsed == timedelta(hours=2) and first.remaining == timedelta(hours=6)
    assert first.state == "ok" and first.business_hours
    night = clock("first_response", case, events, "2024-03-06T03:00+08:00")
    assert night.elapsed == timedelta(hours=1)  # nothing counts between 18:00 and 09:00


def test_business_hours_skip_the_weekend_and_holidays() -> None:
    case, events = case_events("P2", "2024-03-01T17:00+08:00")  # Friday
    assert clock("first_response", case, events, "2024-03-02T12:00+08:00").due == T("2024-03-04T16:00+08:00")
    with_holiday = policy(holidays=("2024-03-04",))
    assert clock("first_response", case, events, "2024-03-02T12:00+08:00", with_holiday).due == \
        T("2024-03-05T16:00+08:00")
    case_p3, events_p3 = case_events("P3", "2024-03-01T09:00+08:00")  # P3: one business day = 9 h
    assert clock("first_response", case_p3, events_p3, "2024-03-01T10:00+08:00").due == T("2024-03-01T18:00+08:00")


def test_a_case_received_out_of_hours_starts_counting_at_the_next_opening() -> None:
    case, events = case_events("P2", "2024-03-02T22:00+08:00")  # Saturday night
    first = clock("first_response", case, events, "2024-03-04T09:00+08:00")
    assert first.elapsed == timedelta(0) and first.due == T("2024-03-04T17:00+08:00")


def test_the_same_moment_gives_different_dues_in_different_team_time_zones() -> None:
    berlin = {"timezone": "Europe/Berlin", "hours": WEEK}
    new_york = {"timezone": "America/New_York", "hours": WEEK}
    sla = policy(berlin=berlin, new_york=new_york)
    created, now = "2024-03-05T14:00Z", "2024-03-05T14:30Z"  # 15:00 in Berlin, 09:00 in New York
    case_b, events_b = case_events("P2", created, team="berlin")
    case_n, events_n = case_events("P2", created, team="new_york")
    assert clock("first_response", case_b, events_b, now, sla).due == T("2024-03-06T14:00+01:00")
    assert clock("first_response", case_n, events_n, now, sla).due == T("2024-03-05T17:00-05:00")
    unknown, events_u = case_events("P2", created, team="nobody")  # falls back to the default team
    assert clock("first_response", unknown, events_u, now, sla).due == T("2024-03-06T17:00+08:00")


def test_business_hours_follow_the_dst_change() -> None:
    # New York springs forward on Sunday 2024-03-10: Friday is UTC-5, Monday UTC-4.
    sla = policy("America/New_York")
    case, events = case_events("P2", "2024-03-08T17:00-05:00")
    first = clock("first_response", case, events, "2024-03-09T12:00Z", sla)
    assert first.due == T("2024-03-11T16:00-04:00")  # 20:00 UTC, not 21:00
    calendar = sla.calendar("default")
    assert business_seconds(calendar, T("2024-03-08T09:00-05:00"), T("2024-03-11T18:00-04:00")) == 18 * 3600


def test_a_day_with_an_extra_hour_counts_25_working_hours() -> None:
    # Berlin falls back on Sunday 2024-10-27: a 00:00–24:00 working day lasts 25 real hours.
    calendar = calendar_from_json("ops", {"timezone": "Europe/Berlin", "hours": {"sun": [["00:00", "24:00"]]}})
    day = (T("2024-10-27T00:00+02:00"), T("2024-10-28T00:00+01:00"))
    assert business_seconds(calendar, *day) == 25 * 3600
    assert add_business_seconds(calendar, day[0], 25 * 3600) == day[1]


def test_calendar_errors_are_explained() -> None:
    with pytest.raises(WorkbenchError, match="time zone"):
        calendar_from_json("x", {"timezone": "Mars/Olympus", "hours": WEEK})
    with pytest.raises(WorkbenchError, match="no working hours"):
        calendar_from_json("x", {"timezone": "UTC", "hours": {}})
    with pytest.raises(WorkbenchError, match="overlap"):
        calendar_from_json("x", {"timezone": "UTC", "hours": {"mon": [["09:00", "13:00"], ["12:00", "18:00"]]}})
    every_day_off = calendar_from_json("x", {"timezone": "UTC", "hours": {"mon": [["09:00", "10:00"]]},
                                             "holidays": [f"2024-{m:02d}-{d:02d}" for m in range(1, 13)
                                                          for d in range(1, 29)]})
    assert add_business_seconds(every_day_off, T("2024-01-01T00:00Z"), 60) == T("2024-01-29T09:01Z")


# -- calendar time, pauses, reopen, notes, next response --------------------------------------------------


def test_p0_counts_calendar_time_through_the_night_and_weekend() -> None:
    case, events = case_events("P0", "2024-03-02T23:50+08:00")  # Saturday, shortly before midnight
    first = clock("first_response", case, events, "2024-03-03T00:10+08:00")
    assert not first.business_hours and first.due == T("2024-03-03T00:20+08:00")
    assert first.state == "lt_30m" and first.remaining == timedelta(minutes=10)
    late = clock("first_response", case, events, "2024-03-03T00:25+08:00")
    assert late.state == "breached" and late.due == T("2024-03-03T00:20+08:00")
    assert late.remaining == timedelta(minutes=-5)
    p1, p1_events = case_events("P1", "2024-03-02T23:50+08:00")
    assert clock("first_response", p1, p1_events, "2024-03-03T01:05+08:00").state == "lt_1h"


def test_p0_calendar_clock_is_exact_across_a_dst_gap() -> None:
    sla = policy("America/New_York")
    case, events = case_events("P0", "2024-03-10T01:50-05:00")  # 02:00–03:00 local does not exist
    first = clock("first_response", case, events, "2024-03-10T07:00Z", sla)
    assert first.due == T("2024-03-10T07:20Z") == T("2024-03-10T03:20-04:00")
    assert first.elapsed == timedelta(minutes=10)


def test_waiting_on_customer_pauses_and_a_reply_resumes() -> None:
    case, events = case_events(
        "P1", "2024-03-05T09:00Z",
        ("2024-03-05T09:20Z", "public_reply", None),
        ("2024-03-05T09:20Z", "status_change", status("waiting_on_customer")),
        ("2024-03-05T11:20Z", "customer_message", None),
        ("2024-03-05T11:20Z", "status_change", status("open")))
    paused = clock("resolution", case, events, "2024-03-05T10:00Z")
    assert paused.state == "paused" and paused.paused and paused.due is None
    assert paused.elapsed == timedelta(minutes=20)
    assert clock("resolution", case, events, "2024-03-05T11:00Z").remaining == paused.remaining  # frozen
    resumed = clock("resolution", case, events, "2024-03-05T12:00Z")
    assert resumed.elapsed == timedelta(hours=1) and not resumed.paused
    assert resumed.due == T("2024-03-06T11:00Z")  # 24 h target + the 2 h pause


def test_business_clock_pause_only_removes_working_time() -> None:
    case, events = case_events(
        "P2", "2024-03-05T09:00+08:00",
        ("2024-03-05T10:00+08:00", "status_change", status("waiting_on_customer")),
        ("2024-03-06T10:00+08:00", "status_change", status("open")))
    first = clock("first_response", case, events, "2024-03-06T11:00+08:00")
    assert first.elapsed == timedelta(hours=2)  # 09–10 Tuesday, 10–11 Wednesday
    assert first.due == T("2024-03-06T17:00+08:00")


def test_a_breach_stays_visible_while_paused() -> None:
    case, events = case_events("P0", "2024-03-05T09:00Z",
                               ("2024-03-05T10:00Z", "status_change", status("waiting_on_customer")))
    first = clock("first_response", case, events, "2024-03-05T11:00Z")
    assert first.state == "breached" and first.paused and first.due == T("2024-03-05T09:30Z")


def test_internal_notes_never_satisfy_a_clock() -> None:
    case, events = case_events("P1", "2024-03-05T09:00Z",
                               ("2024-03-05T09:10Z", "internal_note", None),
                               ("2024-03-05T09:50Z", "customer_message", None),
                               ("2024-03-05T10:30Z", "internal_note", None))
    first = clock("first_response", case, events, "2024-03-05T12:00Z")
    assert first.state == "breached" and first.met_at is None and first.due == T("2024-03-05T11:00Z")
    assert time_to_breach(case, events, T("2024-03-05T12:00Z"), policy()) == timedelta(hours=-1)
    replied = [*events, Event(id=9, at=T("2024-03-05T10:40Z"), kind="public_reply")]
    met = clock("first_response", case, replied, "2024-03-05T12:00Z")
    assert met.state == "met" and met.met_at == T("2024-03-05T10:40Z") and not met.breached


def test_next_response_is_rearmed_by_each_customer_message() -> None:
    case, events = case_events("P1", "2024-03-05T09:00Z",
                               ("2024-03-05T09:20Z", "public_reply", None),
                               ("2024-03-05T10:00Z", "customer_message", None),
                               ("2024-03-05T10:30Z", "internal_note", None))
    kinds = [c.kind for c in clocks(case, events[:2], T("2024-03-05T09:30Z"), policy())]
    assert kinds == ["first_response", "resolution"]  # nothing to answer yet
    running = clock("next_response", case, events, "2024-03-05T11:10Z")
    assert running.started == T("2024-03-05T10:00Z") and running.due == T("2024-03-05T12:00Z")
    assert running.state == "lt_1h"  # the internal note did not answer it
    events += [Event(id=7, at=T("2024-03-05T11:00Z"), kind="public_reply"),
               Event(id=8, at=T("2024-03-05T13:00Z"), kind="customer_message")]
    assert clock("next_response", case, events, "2024-03-05T12:00Z").state == "met"
    again = clock("next_response", case, events, "2024-03-05T13:30Z")
    assert again.started == T("2024-03-05T13:00Z") and again.due == T("2024-03-05T15:00Z") and again.state == "ok"


def test_reopen_rearms_the_resolution_clock() -> None:
    case, events = case_events("P1", "2024-03-05T09:00Z",
                               ("2024-03-05T09:10Z", "public_reply", None),
                               ("2024-03-05T10:00Z", "status_change", status("resolved")))
    done = clock("resolution", case, events, "2024-03-05T12:00Z")
    assert done.state == "met" and done.met_at == T("2024-03-05T10:00Z") and done.elapsed == timedelta(hours=1)
    events += [Event(id=5, at=T("2024-03-06T09:00Z"), kind="customer_message"),
               Event(id=6, at=T("2024-03-06T09:00Z"), kind="reopened", data={"to": "reopened"})]
    again = clock("resolution", case, events, "2024-03-06T10:00Z")
    assert again.state == "ok" and again.started == T("2024-03-06T09:00Z")
    assert again.elapsed == timedelta(hours=1) and again.due == T("2024-03-07T09:00Z")  # a full new target
    assert clock("first_response", case, events, "2024-03-06T10:00Z").state == "met"


def test_resolving_ends_the_reply_clocks() -> None:
    case, events = case_events("P2", "2024-03-05T09:00+08:00",
                               ("2024-03-05T10:00+08:00", "status_change", status("resolved")))
    assert all(c.state == "met" for c in clocks(case, events, T("2024-03-08T09:00+08:00"), policy()))
    assert time_to_breach(case, events, T("2024-03-08T09:00+08:00"), policy()) is None


def test_a_priority_change_recomputes_with_the_new_target() -> None:
    case, events = case_events("P3", "2024-03-05T09:00+08:00",
                               ("2024-03-05T09:05+08:00", "priority_change", {"from": "P3", "to": "P0"}))
    first = clock("first_response", case, events, "2024-03-05T09:10+08:00")
    assert not first.business_hours and first.due == T("2024-03-05T09:30+08:00")


def test_events_after_now_do_not_count_yet() -> None:
    case, events = case_events("P1", "2024-03-05T09:00Z", ("2024-03-05T10:00Z", "public_reply", None))
    before = clock("first_response", case, events, "2024-03-05T09:30Z")
    assert before.state == "ok" and before.met_at is None and before.due == T("2024-03-05T11:00Z")
    assert clock("first_response", case, events, "2024-03-05T10:30Z").state == "met"


def test_cases_sort_by_time_to_breach_then_paused_then_done() -> None:
    now = T("2024-03-05T10:00Z")
    cases = {
        "p1_soon": case_events("P1", "2024-03-05T08:30Z"),  # due 10:30
        "p0_breached": case_events("P0", "2024-03-05T09:00Z"),  # due 09:30
        "p1_later": case_events("P1", "2024-03-05T09:30Z"),  # due 11:30
        "paused": case_events("P1", "2024-03-05T09:00Z", ("2024-03-05T09:10Z", "public_reply", None),
                              ("2024-03-05T09:10Z", "status_change", status("waiting_on_customer"))),
        "done": case_events("P1", "2024-03-05T09:00Z", ("2024-03-05T09:10Z", "status_change", status("closed"))),
    }
    sla = policy()
    keyed = {name: sort_key(clocks(c, e, now, sla), now) for name, (c, e) in cases.items()}
    assert sorted(keyed, key=keyed.__getitem__) == ["p0_breached", "p1_soon", "p1_later", "paused", "done"]
    states = {name: overall_state(clocks(c, e, now, sla)) for name, (c, e) in cases.items()}
    assert states == {"p1_soon": "lt_1h", "p0_breached": "breached", "p1_later": "ok", "paused": "paused",
                      "done": "met"}
    assert time_to_breach(*cases["p1_soon"], now, sla) == timedelta(minutes=30)


def test_clock_json_has_due_elapsed_remaining_state_and_paused() -> None:
    case, events = case_events("P1", "2024-03-05T09:00Z")
    data = clock("first_response", case, events, "2024-03-05T09:30Z").to_json()
    assert data["due"] == "2024-03-05T11:00:00.000Z" and data["elapsed_s"] == 1800
    assert data["remaining_s"] == 5400 and data["state"] == "ok" and data["paused"] is False


# -- policy files ------------------------------------------------------------------------------------------


def test_shipped_defaults_match_the_issue() -> None:
    sla = load_policy()
    expected = {"P0": (30, False), "P1": (120, False), "P2": (480, True), "P3": (540, True)}
    for priority, (minutes, business) in expected.items():
        target = sla.target(priority, "first_response")
        assert (target.minutes, target.business_hours) == (minutes, business)
    calendar = sla.calendar(sla.default_team)
    assert calendar.zone.key and sum(e - s for s, e in calendar.hours[0]) == 9 * 60  # a 9-hour business day


def test_user_overrides_in_the_config_folder_win(_private_home: Path) -> None:
    from workbench.core.settings import config_dir

    (config_dir() / "sla.json").write_text(json.dumps({
        "targets": {"P2": {"first_response": {"minutes": 240, "business_hours": True}}},
        "teams": {"default": {"timezone": "Europe/Berlin", "hours": WEEK, "holidays": ["2024-12-24"]}}}))
    sla = load_policy()
    assert sla.target("P2", "first_response").minutes == 240
    assert sla.target("P2", "resolution").minutes == 2700  # the rest stays the shipped default
    assert sla.calendar("default").zone.key == "Europe/Berlin"
    (config_dir() / "sla.json").write_text("{not json")
    with pytest.raises(WorkbenchError, match="not valid JSON"):
        load_policy()


def test_changing_a_target_recomputes_the_clocks() -> None:
    case, events = case_events("P1", "2024-03-05T09:00Z")
    faster = policy_from_json(merge_overrides(DEFAULTS, {
        "targets": {"P1": {"first_response": {"minutes": 60, "business_hours": False}}}}))
    assert clock("first_response", case, events, "2024-03-05T09:10Z").due == T("2024-03-05T11:00Z")
    assert clock("first_response", case, events, "2024-03-05T09:10Z", faster).due == T("2024-03-05T10:00Z")


def test_bad_policies_are_refused_with_a_reason() -> None:
    broken = merge_overrides(DEFAULTS, {"targets": {"P0": {"resolution": {"minutes": -5}}}})
    with pytest.raises(WorkbenchError, match="P0 resolution"):
        policy_from_json(broken)
    with pytest.raises(WorkbenchError, match="default SLA team"):
        policy_from_json({**DEFAULTS, "default_team": "night-shift"})


def test_clocks_are_pure_given_now() -> None:
    case, events = case_events("P2", "2024-03-05T09:00+08:00")
    now = datetime(2024, 3, 5, 3, 0, tzinfo=UTC)
    assert clocks(case, events, now, policy()) == clocks(case, list(reversed(events)), now, policy())
