"""Checks a built wheel is what PyPI should get: the manylinux2014 tag,
confirmed by ``auditwheel show`` from the symbols the extension uses; the
project name; the licence files; the repository URL equal to the
workspace's (``Cargo.toml``), so that the two cannot drift apart.

Usage: check_wheel.py WHEEL CARGO_TOML   (exits non-zero on any failure)
"""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

PLATFORM = "manylinux_2_17_x86_64"


def fail(message: str) -> None:
    print(f"check_wheel: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    wheel, cargo_toml = Path(sys.argv[1]), Path(sys.argv[2])
    if PLATFORM not in wheel.name or "-cp39-abi3-" not in wheel.name:
        fail(f"{wheel.name}: expected a cp39-abi3 {PLATFORM} (manylinux2014) wheel")

    shown = subprocess.run(
        [sys.executable, "-m", "auditwheel", "show", str(wheel)],
        capture_output=True, text=True, check=False,
    )
    text = " ".join(shown.stdout.split())
    if shown.returncode != 0 or f'consistent with the following platform tag: "{PLATFORM}"' not in text:
        fail(f"auditwheel show does not confirm {PLATFORM}:\n{shown.stdout}{shown.stderr}")

    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        metadata_name = next((n for n in names if n.endswith(".dist-info/METADATA")), None)
        if metadata_name is None:
            fail("no METADATA")
        metadata = z.read(metadata_name).decode("utf-8")
    headers = metadata.split("\n\n", 1)[0].splitlines()
    fields = [tuple(h.split(": ", 1)) for h in headers if ": " in h]
    if ("Name", "threeds") not in fields:
        fail("the distribution is not named threeds")
    for licence in ("LICENSE-APACHE", "LICENSE-MIT"):
        if ("License-File", licence) not in fields or not any(n.endswith("/" + licence) for n in names):
            fail(f"{licence} is not in the wheel")

    workspace = re.search(r'^repository\s*=\s*"([^"]+)"', cargo_toml.read_text("utf-8"), re.M)
    if workspace is None:
        fail(f"no repository in {cargo_toml}")
    repository = workspace.group(1)
    if ("Project-URL", f"Repository, {repository}") not in fields:
        fail(f"the wheel's Repository URL is not the workspace's {repository}")

    print(f"check_wheel: {wheel.name}: {PLATFORM} (auditwheel), name threeds, licences, Repository {repository}")
    if repository.split("/")[2].endswith(".invalid"):
        print("check_wheel: NOTE: the repository URL is still the placeholder; set it in "
              "Cargo.toml and bindings/python/pyproject.toml before uploading to PyPI")


if __name__ == "__main__":
    main()
