"""Test factories for the home page: the real service, under the name tests use."""

from .services import install_home as make_home

__all__ = ["make_home"]
