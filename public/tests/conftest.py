"""The returns tests' small partnership (``world``): the page cache tests approve a return in it."""

from indicators.tests.conftest import world  # noqa: F401  (a fixture, shared rather than copied)
