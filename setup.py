"""Build hook: a wheel of lottery-analytics carries a copy of the dbt project.

The dbt project lives at the repository root (so that plain `dbt build` works from a
clone); `pip install .` copies it into the package as `lottery_analytics/dbt_project/`,
which the CLI runs when it is not started from a checkout (lottery_analytics.project).
Directories are copied whole, so models, macros or seeds added later ship without a
change here. An editable install (`pip install -e .`) copies nothing: it runs the
checkout itself. The sdist carries the same files (MANIFEST.in).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: the files and directories dbt reads at run time (dbt_project.yml's *-paths and the
#: profiles); tests/test_wheel_install.py checks that every configured path is here
DBT_PROJECT_FILES = ("dbt_project.yml", "profiles.yml")
DBT_PROJECT_DIRS = ("models", "macros", "seeds", "data_tests", "analyses")
PACKAGED_PROJECT = Path("lottery_analytics", "dbt_project")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store")


class BuildPyWithDbtProject(build_py):
    """`build_py`, then the dbt project copied into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        dest = Path(self.build_lib) / PACKAGED_PROJECT
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for name in DBT_PROJECT_FILES:
            source = HERE / name
            if not source.is_file():
                raise FileNotFoundError(f"the dbt project file {source} is missing")
            shutil.copy2(source, dest / name)
        for name in DBT_PROJECT_DIRS:
            source = HERE / name
            if not source.is_dir():
                raise FileNotFoundError(f"the dbt project directory {source} is missing")
            shutil.copytree(source, dest / name, ignore=_IGNORE)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        dest = Path(self.build_lib) / PACKAGED_PROJECT
        return outputs + [str(p) for p in sorted(dest.rglob("*")) if p.is_file()]


setup(cmdclass={"build_py": BuildPyWithDbtProject})
