"""Performance tooling: realistic scale content (content.py), the bare
library anchors the benchmark compares against (anchors.py), repeated
timing and peak memory (measure.py), and the load test's locustfile.

Nothing here is wired into the app's URLs or settings; the management
commands generate_scale and bench and scripts/loadtest.py use it."""
