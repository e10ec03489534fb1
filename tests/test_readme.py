"""The README's front door works: its scenario example is a valid scenario."""

from __future__ import annotations

import re
from pathlib import Path

from frontline.scenario import load_scenario

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_scenario_validates(tmp_path: Path, index_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- scenario-example -->\s*```yaml\n(.*?)```", text, re.S)
    assert block is not None
    path = tmp_path / "sketch.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    sc = load_scenario(path)
    assert [r.id for r in sc.reports] == ["kurakhove-rate", "pokrovsk-rate", "advance-1",
                                          "fighting-1", "kurakhove-capture", "village-capture"]
    # one rate per direction, each with its own objectives
    assert [[p.name for p in r.toward] for r in sc.reports[:2]] == [
        ["Kurakhove", "Kurakhivka"], ["Pokrovsk"]]
    pinned = sc.reports[5].place
    assert pinned is not None and (pinned.lat, pinned.lon) == (48.17, 37.41)
    assert not sc.warnings


def test_the_readme_stays_a_front_door() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300
