"""pyproject.toml is read by setuptools on every `make run` and `make install`: its metadata must
not make setuptools warn, or a first run greets people with deprecation notices.

The build uses the setuptools that [build-system] requires (77 or later, PEP 639), not the
venv's own (which may be older and cannot read a license expression at all), so these tests
state the rules by which that setuptools warns rather than calling the venv's.
"""

import tomllib
from pathlib import Path

from packaging.licenses import canonicalize_license_expression
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def pyproject() -> dict:
    return tomllib.loads(PYPROJECT.read_text())


def test_the_license_is_an_spdx_expression_not_a_table():
    # setuptools >= 77: "`project.license` as a TOML table is deprecated" otherwise.
    license = pyproject()["project"].get("license")

    assert isinstance(license, str), f"project.license is {license!r}: use an SPDX string"
    assert canonicalize_license_expression(license) == license


def test_no_license_classifier_repeats_it():
    # setuptools >= 77 warns that license classifiers are deprecated (and refuses them next
    # to a license expression).
    classifiers = pyproject()["project"].get("classifiers", [])

    assert [c for c in classifiers if c.startswith("License ::")] == []


def test_the_build_requires_a_setuptools_that_reads_license_expressions():
    # An older setuptools rejects project.license as a string.
    requires = [Requirement(r) for r in pyproject()["build-system"]["requires"]]
    setuptools = next(r for r in requires if r.name == "setuptools")

    assert not setuptools.specifier.contains(Version("76.9"), prereleases=True)
    assert setuptools.specifier.contains(Version("77.0"))


def test_license_files_are_not_configured_the_deprecated_way():
    # `[tool.setuptools] license-files` is deprecated in favour of `project.license-files`.
    assert "license-files" not in pyproject().get("tool", {}).get("setuptools", {})
