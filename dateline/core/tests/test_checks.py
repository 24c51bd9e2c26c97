"""The system check names the extra a deployment variable needs."""

import importlib.util

from dateline.core.checks import check_optional_packages


def test_a_variable_whose_package_is_missing_names_the_extra(monkeypatch, settings):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "storages" else real_find_spec(name, *a),
    )
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "media")
    settings.OPENSEARCH_URL = None
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    errors = check_optional_packages()
    assert [(e.id, e.hint) for e in errors] == [
        ("dateline.E001", 'Install it with: pip install "dateline[s3]"')
    ]


def test_nothing_to_report_when_the_variables_are_unset(monkeypatch, settings):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    settings.OPENSEARCH_URL = None
    assert check_optional_packages() == []
