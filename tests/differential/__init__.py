"""
Differential tests: the same command scripts run against Debian's redis-server
7.0.15 and against txredisd, and the raw reply bytes must match.

Cases are data (C{cases_*.py}, one module per area); C{_dsl.py} builds them,
C{_runner.py} runs them, C{_normalize.py} holds the few deliberate relaxations
for replies that cannot be identical between two servers.
"""
