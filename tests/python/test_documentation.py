"""docs/aws-compatibility.md lists every management operation as the code implements it."""
import subprocess
import sys

from conftest import ROOT


def test_operation_table_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate-operation-table.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
