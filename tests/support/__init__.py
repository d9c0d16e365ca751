"""Helpers for the tests against a running TaskFlow stack (see tests/README.md for which module
holds what). Test modules import from the modules, e.g. `from support.http import api, expect`."""
