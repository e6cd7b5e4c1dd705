"""The whole project builds on the bundled sample: every model, data test and unit test."""

from __future__ import annotations

from conftest import BuiltWarehouse


def test_build_passes_every_node(sample_warehouse: BuiltWarehouse) -> None:
    run = sample_warehouse.run
    failed = [f"{n.resource_type} {n.name}: {n.status} {n.message}" for n in run.failed()]
    assert run.success and not failed, "\n".join(failed + run.errors)


def test_build_runs_data_and_unit_tests(sample_warehouse: BuiltWarehouse) -> None:
    run = sample_warehouse.run
    assert run.count("seed") >= 6 + 3
    assert run.count("test", "pass") >= 100
    assert run.count("unit_test", "pass") >= 10
