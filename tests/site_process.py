"""The environment for running the site in a fresh process from a test."""

import os

# Set for the browser tests' own process (tests/e2e/conftest.py); a site started from a test
# must not inherit it: Django's deploy check rightly reports it as an error.
TEST_PROCESS_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def clean_environment(*drop):
    """This process's environment (a new dict) without the variables named in `drop` and
    those that belong only to the test process."""
    unwanted = TEST_PROCESS_ONLY | set(drop)
    return {key: value for key, value in os.environ.items() if key not in unwanted}
