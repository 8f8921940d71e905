"""docs/deployments.md (dev → staging → prod, a canary and its promotion, blue/green behind a custom
domain name, a routing rule) run top to bottom against the real binary by `shell_walkthrough`."""
from conftest import ROOT
from shell_walkthrough import run_document

SECTIONS = ("## Run the gateway", "## dev → staging → prod", "## A canary release on prod",
            "## Blue/green with a custom domain name", "## Routing rules: a preview by header")


def test_deployments_walkthrough_runs_top_to_bottom(tmp_path):
    run_document(ROOT / "docs" / "deployments.md", SECTIONS, tmp_path)
