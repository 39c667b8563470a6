"""National-scale synthetic data (`manage.py demo_scale`): tens of thousands of schools for the
benchmarks in bench/.

schools owns the ladder and the per-school context (ladder.py) and the orchestration
(generate.py); the apps above it add their own part through the SCALE_LOADERS extension point
(schools/extensions.py), ordered by ``order`` — the way ``manage.py demo`` works — so schools never
imports them. Everything is drawn from numpy Generators derived from one seed, so the same seed
gives the same data; the big tables go through PostgreSQL COPY (bulk.py).
"""
