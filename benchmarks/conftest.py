from tests.conftest import advisor_client, demo  # noqa: F401 - the same fixtures as the tests
