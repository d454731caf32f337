"""Environment facts a dump states: browser and version, OS and version, device memory, CPU cores.

Chrome freezes parts of its user agent (``Chrome/147.0.0.0``, ``Windows NT 10.0`` even on Windows 11,
``Mac OS X 10_15_7`` on every newer macOS), so the User-Agent Client Hints the dump also carries
(``UserAgentData``: full version list, platform version) win where present.
"""

from __future__ import annotations

import json
import re
from typing import Any

from workbench.core.stats.model import StatsDump

_BROWSERS = (  # order matters: Edge and Opera also say "Chrome/", Chrome also says "Safari/"
    ("Edge", re.compile(r"\bEdgA?/(\d[\d.]*)")), ("Opera", re.compile(r"\bOPR/(\d[\d.]*)")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/(\d[\d.]*)")), ("Firefox", re.compile(r"\bFirefox/(\d[\d.]*)")),
    ("Chrome", re.compile(r"\b(?:Chrome|CriOS)/(\d[\d.]*)")),
    ("Safari", re.compile(r"\bVersion/(\d[\d.]*).*\bSafari/")),
)
_BRAND_NAMES = {"Google Chrome": "Chrome", "Microsoft Edge": "Edge", "Opera": "Opera", "Chromium": "Chromium"}
_OSES = (
    ("Windows", re.compile(r"Windows NT (\d+\.\d+)")), ("iOS", re.compile(r"(?:iPhone|CPU) OS (\d+(?:_\d+)*)")),
    ("macOS", re.compile(r"Mac OS X (\d+(?:[_.]\d+)*)")), ("Android", re.compile(r"Android (\d+(?:\.\d+)*)")),
    ("ChromeOS", re.compile(r"CrOS \S+ (\d+(?:\.\d+)*)")), ("Linux", re.compile(r"(Linux)")),
)
_WINDOWS = {"10.0": "10", "6.3": "8.1", "6.2": "8", "6.1": "7"}


def _brands(dump: StatsDump) -> list[dict[str, str]]:
    try:
        brands: Any = json.loads(dump.environment.get("uaBrands", "[]"))
    except ValueError:
        return []
    return [b for b in brands if isinstance(b, dict) and "brand" in b] if isinstance(brands, list) else []


def _browser(dump: StatsDump) -> tuple[str, str, str]:
    """(browser, version, environment key it came from)."""
    name, version, key = "", "", "userAgent"
    for browser, pattern in _BROWSERS:
        found = pattern.search(dump.user_agent)
        if found:
            name, version = browser, found.group(1)
            break
    for brand in _brands(dump):  # Client Hints: the real full version (the UA says 147.0.0.0)
        label = _BRAND_NAMES.get(brand["brand"])
        if label and label != "Chromium" and (not name or label == name):
            return label, str(brand.get("version", version)), "uaBrands"
    if not name:  # no UA (rtcstats v3 client info): fall back to the Chromium brand
        chromium = next((b for b in _brands(dump) if b["brand"] == "Chromium"), None)
        if chromium:
            return "Chromium", str(chromium.get("version", "")), "uaBrands"
    return name, version, key


def _os(dump: StatsDump) -> tuple[str, str, str]:
    """(os, version, environment key it came from)."""
    name, version = "", ""
    for os_name, pattern in _OSES:
        found = pattern.search(dump.user_agent)
        if found:
            name, version = os_name, found.group(1).replace("_", ".")
            break
    if name == "Linux" or not name:
        name, version = (name or dump.environment.get("uaPlatform", "")), ("" if name == "Linux" else version)
    if name == "Windows":
        version = _WINDOWS.get(version, version)
        platform_version = dump.environment.get("uaPlatformVersion", "")
        if platform_version.split(".")[0].isdigit():  # Client Hints: 13+ is Windows 11
            version = "11" if int(platform_version.split(".")[0]) >= 13 else "10"
            return name, version, "uaPlatformVersion"
    return name, version, "userAgent" if dump.user_agent else "uaPlatform"


def environment_facts(dump: StatsDump, bundle_path: str) -> dict[str, tuple[str, str]]:
    """Report field → (value, ``"path:line"``): ``os``, ``os_version``, ``browser``, ``browser_version``,
    ``device_memory_gb``, ``cpu_cores`` — only those the dump states."""
    def source(key: str) -> str:
        return f"{bundle_path}:{dump.environment_lines.get(key, 1)}"

    facts: dict[str, tuple[str, str]] = {}
    browser, browser_version, browser_key = _browser(dump)
    os_name, os_version, os_key = _os(dump)
    candidates = {"os": (os_name, os_key), "os_version": (os_version, os_key),
                  "browser": (browser, browser_key), "browser_version": (browser_version, browser_key),
                  "device_memory_gb": (dump.environment.get("deviceMemory", ""), "deviceMemory"),
                  "cpu_cores": (dump.environment.get("hardwareConcurrency", ""), "hardwareConcurrency")}
    for name, (value, key) in candidates.items():
        if value:
            facts[name] = (value, source(key))
    return facts
