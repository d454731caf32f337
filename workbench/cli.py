"""Command line: ``workbench analyze|gui|sample`` and ``--self-test``.

A thin face over core (design §2): every result the GUI shows can be had here headless. Expected
problems print one ``error: …`` line and exit 2; a bug prints where its traceback was logged and
exits 1. Never a traceback on the terminal.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from workbench import __version__
from workbench.core.cases.cli import add_case_parser, run_case_command
from workbench.core.errors import Cancelled, WorkbenchError

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description="RTC Support Workbench")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="open the main window offscreen, analyse a bundled sample, exit 0 if all works")
    commands = parser.add_subparsers(dest="command")
    analyze = commands.add_parser("analyze", help="analyse a bundle, folder or log file")
    analyze.add_argument("path", help=".zip, .tar(.gz), folder, log file or .gz log")
    analyze.add_argument("--json", action="store_true", help="print the schema-1 JSON report")
    analyze.add_argument("--lang", choices=("en", "zh_CN"), default="en", help="language of texts")
    analyze.add_argument("--format", action="append", default=[], metavar="[GLOB=]ID",
                         help="force the format of the logs matching GLOB (all logs without GLOB)")
    flt = commands.add_parser("filter", help="matching lines of the merged timeline, or their number")
    flt.add_argument("path", help="bundle, folder or log file")
    flt.add_argument("--level", choices=("debug", "info", "warning", "error", "fatal"), help="this level or worse")
    flt.add_argument("--match", help="regex the line must contain (Rust syntax: no look-around)")
    flt.add_argument("--exclude", help="regex the line must not contain")
    flt.add_argument("-i", "--ignore-case", action="store_true", help="regexes ignore case")
    flt.add_argument("--since", help="from this time (YYYY-MM-DD HH:MM[:SS[.fff]])")
    flt.add_argument("--until", help="up to this time")
    flt.add_argument("--file", help="only files whose bundle path or name matches this glob")
    flt.add_argument("-C", "--context", type=int, default=0, help="lines of context around each match")
    flt.add_argument("--count", action="store_true", help="print the number of matching lines only")
    flt.add_argument("--format", action="append", default=[], metavar="[GLOB=]ID", help="force a log format")
    flt.add_argument("--tz", action="append", default=[], metavar="[GLOB=]OFFSET",
                     help="UTC offset of logs whose time zone is not written in them, e.g. phone.log=+08:00")
    gui = commands.add_parser("gui", help="open the desktop app")
    gui.add_argument("path", nargs="?", help="bundle to open at start")
    sample = commands.add_parser("sample", help="write a training bundle with its known answer")
    sample.add_argument("name", nargs="?", help="sample name (see --list)")
    sample.add_argument("--list", action="store_true", help="list the samples and fault inputs")
    sample.add_argument("--out", type=Path, default=Path("."), help="folder to write into")
    add_case_parser(commands)
    return parser


class _TerminalProgress:
    """Progress on stderr, at most 5 updates a second, only on an interactive terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, note: str = "") -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.2:
            return
        self.last = now
        share = f"{100 * done / total:3.0f}% " if total else ""
        sys.stderr.write(f"\r{share}{note[:70]:<70}")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled and self.last:
            sys.stderr.write("\r" + " " * 76 + "\r")


def cmd_analyze(args: argparse.Namespace) -> int:
    from workbench.core.analysis import analyze
    from workbench.core.bundle import open_bundle
    from workbench.core.logs.bundle_logs import format_overrides, parse_bundle_logs
    from workbench.core.report import build_report, format_summary
    from workbench.core.settings import Settings

    progress = _TerminalProgress()
    try:
        with open_bundle(args.path, limits=Settings.load().limits, progress=progress) as bundle, \
                parse_bundle_logs(bundle, overrides=format_overrides(bundle, args.format), progress=progress) as logs:
            report = build_report(bundle, logs, analyze(bundle, logs, progress=progress))
    finally:
        progress.clear()
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_summary(report))
    return EXIT_OK


def cmd_filter(args: argparse.Namespace) -> int:
    from workbench.core.bundle import open_bundle
    from workbench.core.logs.bundle_logs import format_overrides, offset_overrides
    from workbench.core.logs.filters import LogFilter
    from workbench.core.logs.query import count_filter, parse_time, run_filter
    from workbench.core.settings import Settings

    flt = LogFilter(min_level=args.level, match=args.match, exclude=args.exclude, ignore_case=args.ignore_case,
                    since=parse_time(args.since), until=parse_time(args.until), context=max(args.context, 0))
    with open_bundle(args.path, limits=Settings.load().limits, quick=True) as bundle:
        options = {"file_glob": args.file, "formats": format_overrides(bundle, args.format),
                   "offsets": offset_overrides(bundle, args.tz)}
        if args.count:
            print(count_filter(bundle, flt, **options))
            return EXIT_OK
        several = len([f for f in bundle.files if f.kind == "log"]) > 1
        out = sys.stdout
        for hit in run_filter(bundle, flt, **options):
            out.write(f"{hit.path}:{hit.line}: {hit.text}\n" if several else f"{hit.line}: {hit.text}\n")
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    from workbench.core import samples

    if args.list or not args.name:
        for title, group in (("Training bundles", samples.SAMPLES), ("Fault inputs", samples.FAULTS)):
            print(f"{title}:")
            for name, sample in group.items():
                print(f"  {name:<18} {sample.description}")
        return EXIT_OK
    if args.name not in samples.SAMPLES and args.name not in samples.FAULTS:
        raise WorkbenchError(f"unknown sample {args.name!r}", "run `workbench sample --list`")
    args.out.mkdir(parents=True, exist_ok=True)
    written = samples.write_sample(args.name, args.out)
    print(written)
    answer = samples.SAMPLES.get(args.name)
    if answer and answer.known_answer:
        answer_path = written.with_name(written.name + ".answer.json")
        answer_path.write_text(json.dumps(answer.known_answer, indent=2, ensure_ascii=False), encoding="utf-8")
        print(answer_path)
    return EXIT_OK


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_gui(path: str | None, self_test: bool = False) -> int:
    # Without a display Qt aborts the process (no exception to catch): say so before it starts.
    if not self_test and not _has_display():
        hint = f"use `workbench analyze {path}`" if path else "use `workbench analyze PATH`"
        raise WorkbenchError("no display to open the desktop app on (DISPLAY is not set)", hint)
    try:
        from workbench.ui.app import run_app
    except ImportError as exc:  # e.g. libxcb/libEGL missing on a bare server
        raise WorkbenchError(f"the desktop app cannot start: {exc}",
                             "install the Qt system libraries (see README) or use `workbench analyze`") from exc
    return run_app(path, self_test=self_test)


def _dispatch(args: argparse.Namespace) -> int:
    if args.self_test:
        return cmd_gui(None, self_test=True)
    if args.command == "analyze":
        return cmd_analyze(args)
    if args.command == "sample":
        return cmd_sample(args)
    if args.command == "filter":
        return cmd_filter(args)
    if args.command == "case":
        return run_case_command(args)
    return cmd_gui(getattr(args, "path", None))


def _log_internal_error(exc: BaseException) -> Path | None:
    try:
        from workbench.core.settings import log_dir

        path = log_dir() / "workbench.log"
        logging.basicConfig(filename=path, level=logging.INFO, force=True)
        logging.getLogger("workbench").error("internal error\n%s", "".join(traceback.format_exception(exc)))
        return path
    except Exception:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except Cancelled:
        print("error: cancelled", file=sys.stderr)
        return EXIT_INPUT
    except WorkbenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `workbench filter … | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        where = _log_internal_error(exc)
        detail = f"details in {where}" if where else "no log file could be written"
        print(f"error: internal error ({type(exc).__name__}: {exc}), {detail}", file=sys.stderr)
        return EXIT_INTERNAL
