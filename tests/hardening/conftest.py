from hypothesis import HealthCheck, settings

# Bounded for CI: a few dozen examples per property, no per-example deadline (the first example
# of a test pays for Django's warm-up), no example database left in the work tree, and
# pytest-django's function-scoped fixtures are shared by the examples on purpose: each example
# adds to the same school, as a busy school would.
settings.register_profile(
    "hardening",
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
