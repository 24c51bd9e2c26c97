"""The one backend loader: builds the configured class with its params, and explains each
kind of bad setting naming the setting and the alias."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from dateline.core.backends import load_backend


class Base:
    def __init__(self, params):
        self.params = params


class Good(Base):
    pass


GOOD = f"{__name__}.Good"


def test_builds_the_configured_class_with_its_params_and_the_callers():
    backend = load_backend(
        "SETTING", {"main": {"BACKEND": GOOD, "X": 1}}, "main", Base, "thing", {"ALIAS": "main"}
    )
    assert isinstance(backend, Good)
    assert backend.params == {"X": 1, "ALIAS": "main"}


@pytest.mark.parametrize(
    ("configured", "message"),
    [
        ({"other": {"BACKEND": GOOD}}, "SETTING has no 'main' entry (configured: other)"),
        ({"main": {}}, 'SETTING["main"] needs a "BACKEND" path.'),
        ({"main": {"BACKEND": "no.such.Backend"}}, "= 'no.such.Backend' cannot be imported"),
        ({"main": {"BACKEND": f"{__name__}.Base"}}, "is not a thing backend"),
        ({"main": {"BACKEND": f"{__name__}.GOOD"}}, "is not a thing backend"),
    ],
)
def test_explains_a_bad_setting(configured, message):
    with pytest.raises(ImproperlyConfigured) as exc:
        load_backend("SETTING", configured, "main", Good, "thing")
    assert message in str(exc.value)
