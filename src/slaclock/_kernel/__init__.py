"""The private kernel every layer may use: instants, half-open intervals and one memo.

- `instants`: the only bridge between aware datetimes and integer UTC microseconds.
- `intervals`: half-open interval arithmetic on integers, with no time zones.
- `memo`: the one bounded memo, safe to share between threads.
"""
