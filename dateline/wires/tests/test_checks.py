"""The system check names a wire backend that cannot be loaded."""

from dateline.wires.checks import check_wire_backends


def test_configured_backends_pass(settings):
    assert check_wire_backends() == []


def test_a_missing_backend_class_is_an_error(settings):
    settings.DATELINE_WIRE_PARSERS = {"ninjs": {"BACKEND": "dateline.wires.parsers.nope.Parser"}}
    [error] = check_wire_backends()
    assert error.id == "dateline.E101"
    assert error.msg.startswith(
        'DATELINE_WIRE_PARSERS["ninjs"]["BACKEND"] = '
        "'dateline.wires.parsers.nope.Parser' cannot be imported: "
    )


def test_a_class_of_the_wrong_kind_is_an_error(settings):
    settings.DATELINE_WIRE_TRANSPORTS = {
        "http": {"BACKEND": "dateline.wires.parsers.ninjs.NinjsParser"}
    }
    [error] = check_wire_backends()
    assert error.msg == (
        "dateline.wires.parsers.ninjs.NinjsParser is not a wire transport backend "
        "(a subclass of dateline.wires.transports.base.WireTransport)."
    )
