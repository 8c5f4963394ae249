"""``demo.plan.read``: the plan's data files, read and checked; a mistake names its file and entry."""

import re
import shutil
from pathlib import Path

import pytest

from demo import plan
from indicators.models import Polarity
from themes.models import ProgressStatus


def test_the_demo_folder_reads_as_the_dacorum_plan():
    data = plan.read()

    assert data.slug == "dacorum-2015"
    assert [t.number for t in data.themes] == list(range(1, 10))
    assert len(data.wards) == 25 and sum(w.population for w in data.wards) == 137_799
    crime = data.themes[0]
    # Choices are read as the model's members, objective numbers from 1 as positions from 0.
    assert crime.objectives[0].status is ProgressStatus.COMPLETE
    assert crime.indicators[0].polarity is Polarity.HIGHER_IS_BETTER
    assert crime.indicators[0].objectives == (0, 1)
    assert crime.indicators[1].series.levels[2004] == 12480
    assert [w.name for w in data.wards if w.is_town_centre] == ["Hemel Hempstead Town"]


def _broken(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the demo folder with the first ``old`` in ``name`` replaced by ``new``."""
    folder = tmp_path / "plan"
    shutil.copytree(plan.DATA_DIR, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "objectives.yaml",
            "status: complete",
            "status: finished",
            "objectives.yaml, theme 1, 'Further improving relationships between the community and the police': "
            "status 'finished' is not one of not_started, on_track, at_risk, off_track, complete",
        ),
        (
            "organisations.yaml",
            "  sector: public\n",
            "  sector: public\n  phone: 01442 228000\n",
            "organisations.yaml, 'Hertfordshire Constabulary': unknown field phone",
        ),
        (
            "forums.yaml",
            "    - Age Concern Dacorum\n",
            "    - Age Concern Dacorm\n",
            "forums.yaml, 'Dacorum Community Safety Partnership': no organisation Age Concern Dacorm in "
            "organisations.yaml",
        ),
        (
            "indicators.yaml",
            "objectives: [1, 2]",
            "objectives: [1, 12]",
            "indicators.yaml, 'CS-01': objectives are numbered 1 to 5 in theme 1",
        ),
        (
            "wards.csv",
            "Adeyfield East,DAC-01,Hemel Hempstead,5912,",
            "Adeyfield East,DAC-01,Hemel Hempstead,about 5900,",
            "wards.csv, line 2: population must be a whole number",
        ),
        (
            "ward-plans.yaml",
            "Adeyfield East:",
            "Adeyfield Est:",
            "ward-plans.yaml: no ward 'Adeyfield Est' in wards.csv",
        ),
    ],
    ids=["bad-choice", "unknown-field", "unknown-organisation", "objective-out-of-range", "bad-number", "no-ward"],
)
def test_a_mistake_in_a_file_is_named_with_its_file_and_entry(tmp_path, name, old, new, message):
    folder = _broken(tmp_path, name, old, new)

    with pytest.raises(plan.PlanDataError, match=re.escape(message)):
        plan.read(folder)
