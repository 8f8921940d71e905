"""The README's quick start ("Quick start" and "The AWS management API" shell blocks), run top to
bottom against the real binary by `shell_walkthrough` (see there what the harness changes)."""
from conftest import ROOT
from shell_walkthrough import run_document


def test_readme_quick_start_runs_top_to_bottom(tmp_path):
    run_document(ROOT / "README.md", ("## Quick start", "## The AWS management API"), tmp_path)
