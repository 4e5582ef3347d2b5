"""What every step shares: the one-line error, progress lines, the log."""

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
BASE = REPO / ".odoo"


class SetupError(Exception):
    """A reason to stop, said in one line."""


def say(message):
    """Progress for the terminal; stdout stays for answers to the scripts."""
    print(f"[setup] {message}", file=sys.stderr, flush=True)


def elapsed(start):
    seconds = time.monotonic() - start
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def run_logged(cmd, log, what):
    """Run ``cmd`` with its output appended to ``log``; stop if it fails."""
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(map(str, cmd))}\n")
        out.flush()
        code = subprocess.run(
            [str(c) for c in cmd],
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            check=False,
        ).returncode
    if code:
        lines = Path(log).read_text(encoding="utf-8", errors="replace").split("\n")
        last = next((line.strip() for line in reversed(lines) if line.strip()), "")
        raise SetupError(f"{what} failed ({last or 'no output'}); see {log}")
