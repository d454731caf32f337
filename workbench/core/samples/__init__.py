"""Generators for sample diagnostic bundles: realistic training cases and hostile inputs.

Used by tests, by ``workbench sample`` and by trainers. Everything is deterministic (fixed seeds,
timestamps, archive metadata), so writing a sample twice gives byte-identical files. No Qt.

    >>> from workbench.core.samples import write_sample
    >>> path = write_sample("android-agora", out_dir)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from workbench.core.samples.base import Sample
from workbench.core.samples.faults import FAULTS
from workbench.core.samples.realistic import SAMPLES

__all__ = ["FAULTS", "SAMPLES", "Sample", "write_sample"]


def write_sample(name: str, out_dir: Path) -> Path:
    """Write the sample or fault called ``name`` into ``out_dir`` and return the bundle's path.

    Looks in ``SAMPLES`` first, then ``FAULTS``. Raises ``KeyError`` naming the valid choices.
    """
    sample = SAMPLES.get(name) or FAULTS.get(name)
    if sample is None:
        raise KeyError(
            f"unknown sample {name!r}; samples: {', '.join(sorted(SAMPLES))}; "
            f"faults: {', '.join(sorted(FAULTS))}"
        )
    return sample.write(Path(out_dir))
